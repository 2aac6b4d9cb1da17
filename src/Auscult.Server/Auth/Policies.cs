namespace Auscult.Server.Auth;

/// <summary>The authorization policies endpoints require, by who may pass.</summary>
public static class Policies
{
    /// <summary>Admin keys only: machines, models, keys.</summary>
    public const string Admin = "admin";

    /// <summary>Operator and admin keys: reading and alert decisions.</summary>
    public const string Operator = "operator";

    /// <summary>Device and admin keys: posting clips (a device key only for its machines, checked by the endpoint).</summary>
    public const string Device = "device";
}
