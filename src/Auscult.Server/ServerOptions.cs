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

    /// <summary>
    /// Whether each clip's audio file is flushed to disk (fsync) before the clip's row commits. Off, the file is in the
    /// operating system's page cache when the row commits: a killed or crashed service loses nothing it answered, but a
    /// power cut or kernel crash may lose or truncate audio written in the last half minute (Linux writes dirty pages back
    /// within 30 s) whose rows survived (its audio is then answered as no longer kept). The SQLite default is no stricter:
    /// its commits (WAL, synchronous=NORMAL) are not flushed either. On, every answered clip's audio survives a power cut,
    /// at the cost of a disk flush per clip.
    /// </summary>
    /// <value>Default false.</value>
    public bool FlushAudioToDisk { get; set; }

    /// <summary>
    /// How many posted clips are read, decided and stored at once; more wait their turn (their bodies unread, so a flood
    /// of posts cannot hold a decoded clip each in memory).
    /// </summary>
    /// <value>Default 4 per processor; 1 to 1024.</value>
    public int MaxConcurrentClips { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>
    /// This instance's name among those sharing the database, stored with every score it makes (<c>scores.instance_id</c>):
    /// a load run reports each instance's share, and a score leads to the logs of the instance that made it.
    /// </summary>
    /// <value>Default null: the host name and the process id (<c>host:pid</c>); 1-64 printable characters without spaces.</value>
    public string? InstanceId { get; set; }

    /// <summary>How many posted clips may wait for a turn; beyond that a post is answered 503 with Retry-After.</summary>
    /// <value>Default 256; 0 to 100,000.</value>
    public int MaxWaitingClips { get; set; } = 256;
}
