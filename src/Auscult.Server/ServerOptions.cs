namespace Auscult.Server;

/// <summary>The service's settings: configuration section <c>Auscult</c> (<c>--Auscult:DataDirectory=...</c>, <c>Auscult__Database</c> ...).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auscult";

    /// <summary>The address the service listens on when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The data folder: clip audio, model bundles, and the SQLite database when there is no PostgreSQL.</summary>
    /// <value>Default <c>auscult-data</c> (relative to the working folder).</value>
    public string DataDirectory { get; set; } = "auscult-data";

    /// <summary>A PostgreSQL connection string (<c>Host=...;Database=...;Username=...</c>); null or empty for SQLite in the data folder.</summary>
    public string? Database { get; set; }

    /// <summary>The largest clip body accepted; a larger one is answered 413.</summary>
    /// <value>Default 16 MiB (52 s of 16-bit 16 kHz mono); 1 KiB to 1 GiB.</value>
    public long MaxClipBytes { get; set; } = 16L << 20;

    /// <summary>The largest model bundle accepted.</summary>
    /// <value>Default 512 MiB; 1 KiB to 8 GiB.</value>
    public long MaxModelBytes { get; set; } = 512L << 20;
}
