namespace Auscult.Server.Auth;

/// <summary>What a key may do (OPERATIONS.md).</summary>
public enum ApiRole
{
    /// <summary>Everything: machines, models, keys, and all an operator and a device may do.</summary>
    Admin,

    /// <summary>Reads, acknowledges, confirms and rejects alerts.</summary>
    Operator,

    /// <summary>Posts clips for its own machines only.</summary>
    Device,
}
