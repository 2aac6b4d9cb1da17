namespace Auscult.Server;

/// <summary>Facts about the service every part of it shares.</summary>
public static class ServerInfo
{
    /// <summary>The HTTP API's path prefix.</summary>
    public const string ApiPrefix = "/api/v1";
}
