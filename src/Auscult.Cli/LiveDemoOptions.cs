namespace Auscult.Cli;

/// <summary>What <c>auscult demo --live</c> runs.</summary>
internal sealed record LiveDemoOptions
{
    /// <summary>The demo folder: <c>data/</c> (the service's), <c>model/</c> (the cached fan model), <c>spool/</c> (the agent's).</summary>
    public required string Folder { get; init; }

    /// <summary>Where the service listens.</summary>
    public string Urls { get; init; } = Auscult.Server.ServerOptions.DefaultUrl;

    /// <summary>Recorded days replayed.</summary>
    public int Days { get; init; } = 7;

    /// <summary>Wall-clock time the replay of <see cref="Days"/> takes.</summary>
    public TimeSpan ReplayTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Recording time between two clips of one machine.</summary>
    public TimeSpan ClipEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Each clip's length.</summary>
    public TimeSpan ClipDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Overrides the autoencoder preset's epochs (a quicker, rougher model).</summary>
    public int? Epochs { get; init; }

    /// <summary>Seed of the sounds and of training.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Whether an earlier live demo's service data may be replaced.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Stop once the replay is delivered (tests, measurements) instead of serving until Ctrl+C.</summary>
    public bool StopAfterReplay { get; init; }

    /// <summary>Recording time per wall-clock time.</summary>
    public double Speed => TimeSpan.FromDays(Days) / ReplayTime;
}
