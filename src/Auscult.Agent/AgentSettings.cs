namespace Auscult.Agent;

/// <summary>
/// Everything <c>auscult agent</c> is told on its command line (and by <c>--config</c>), before anything is opened;
/// <see cref="AgentRunner"/> turns it into a spool, a transport and sources.
/// </summary>
public sealed record AgentSettings
{
    /// <summary>A data set to replay (<c>--replay</c>), or null.</summary>
    public string? ReplayFolder { get; init; }

    /// <summary>A folder a recorder fills (<c>--watch</c>), or null.</summary>
    public string? WatchFolder { get; init; }

    /// <summary>An ALSA device to record (<c>--alsa-device</c>), or null.</summary>
    public string? AlsaDevice { get; init; }

    /// <summary>A JSON configuration file for several machines (<c>--config</c>), or null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The machine of <c>--watch</c> or <c>--alsa-device</c>.</summary>
    public string? MachineId { get; init; }

    /// <summary>Its type.</summary>
    public string? MachineType { get; init; }

    /// <summary>Sound card frames per second; default 16000.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Sound card channels; default 1.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Clip length; default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Recording interval per machine (replay: the simulated one); default 5 min.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Stop after this many clips are captured and resolved; null: run until cancelled or the replay ends.</summary>
    public int? Count { get; init; }

    /// <summary>Replay clips per second; default 1.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>The spool folder; default <c>./auscult-spool</c>.</summary>
    public string SpoolFolder { get; init; } = "auscult-spool";

    /// <summary>The spool's size limit; default 1 GiB.</summary>
    public long SpoolLimitBytes { get; init; } = 1L << 30;

    /// <summary>Flush spool files to disk before renaming them; default true.</summary>
    public bool DurableSpool { get; init; } = true;

    /// <summary><c>mqtt://HOST:PORT</c> or <c>mqtts://HOST:PORT</c>, or null.</summary>
    public string? Broker { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>A PEM certificate authority for a TLS broker.</summary>
    public string? CaFile { get; init; }

    /// <summary>The site topic level; default from the configuration file, else <c>default</c>.</summary>
    public string? Site { get; init; }

    /// <summary>The service's URL for HTTP delivery, or null.</summary>
    public string? Server { get; init; }

    /// <summary>The device key for HTTP delivery.</summary>
    public string? Key { get; init; }

    /// <summary>This device's id; default from the configuration file, else the host name.</summary>
    public string? DeviceId { get; init; }

    /// <summary>An autoencoder bundle to score clips with on the device (<c>--model</c>), or null to send every clip's audio.</summary>
    public string? ModelPath { get; init; }

    /// <summary>With <see cref="ModelPath"/>: the least recording time between two normal clips of a machine whose audio is sent; null sends none; default 1 h.</summary>
    public TimeSpan? NormalAudioEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The first back-off wait; default 1 s.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off wait; default 60 s.</summary>
    public TimeSpan BackoffMaximum { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the status is published and logged; default 30 s.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often watched folders are listed; default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
