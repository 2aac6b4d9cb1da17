using Auscult.Data.Synthesis;

namespace Auscult.Data.Scenarios;

/// <summary>What <see cref="ScenarioGenerator"/> synthesises.</summary>
/// <remarks>
/// The machines are identical units of one machine model (one synthetic profile, <see cref="ProfileId"/>), each with its
/// own clip-to-clip variation and background: one model trained on their pooled normal clips fits each of them, as a
/// type-level model fits a hall of identical fans. The event touches the first machine only; the others are controls.
/// </remarks>
public sealed record ScenarioOptions
{
    /// <summary>The scenario.</summary>
    public DriftScenario Scenario { get; init; }

    /// <value>Default 14 days.</value>
    public int Days { get; init; } = 14;

    /// <value>Default 4 machines (<c>m01</c> ... <c>m04</c>).</value>
    public int Machines { get; init; } = 4;

    /// <summary>The day (0-based) the event starts, at midnight.</summary>
    /// <value>Default: null, the middle day (<c>Days / 2</c>).</value>
    public int? EventDay { get; init; }

    /// <value>Default <see cref="MachineType.Fan"/>.</value>
    public MachineType MachineType { get; init; } = MachineType.Fan;

    /// <summary>The synthetic machine model every unit is built on.</summary>
    /// <value>Default 0.</value>
    public int ProfileId { get; init; }

    /// <value>Default 10 s, as MIMII; 2 s keeps tests cheap.</value>
    public TimeSpan ClipDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <value>Default 16,000 Hz.</value>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Time between two clips of one machine.</summary>
    /// <value>Default 5 minutes (288 clips a day).</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When the first clip is recorded.</summary>
    /// <value>Default 2026-01-05T00:00:00Z (a Monday).</value>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Machine-to-background ratio before any event, in dB.</summary>
    /// <value>Default 6 dB.</value>
    public double SnrDb { get; init; } = 6;

    /// <summary>
    /// Microphones: 1, or 8 (MIMII's circular array; the features read channel 0). A model for the dead-channel scenario
    /// must be trained on 8-channel clips: channel 0 of the array hears the machine and the background a little
    /// differently from a single microphone, which a drift monitor rightly reports.
    /// </summary>
    /// <value>Default: null, 8 for <see cref="DriftScenario.DeadChannel"/> and 1 for the others.</value>
    public int? Channels { get; init; }

    /// <summary><see cref="Channels"/>, or its default for the scenario.</summary>
    public int ResolvedChannels => Channels ?? (Scenario == DriftScenario.DeadChannel ? MicrophoneArray.CircularChannels : 1);

    /// <summary>The global seed; every clip's seed derives from it, the machine and the clip's index.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Clips per day.</summary>
    public int ClipsPerDay => (int)(TimeSpan.FromDays(1) / Interval);

    /// <summary>The event's day: <see cref="EventDay"/> or the middle day.</summary>
    public int ResolvedEventDay => EventDay ?? (Days / 2);

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Scenario))
        {
            throw Invalid($"scenario {(int)Scenario} is not defined");
        }

        if (Days is < 1 or > 366)
        {
            throw Invalid($"{Days} days: give 1 to 366");
        }

        if (Machines is < 1 or > 99)
        {
            throw Invalid($"{Machines} machines: give 1 to 99");
        }

        if (ResolvedEventDay < 0 || ResolvedEventDay >= Days)
        {
            throw Invalid($"the event day {ResolvedEventDay} is outside the {Days} days (0 to {Days - 1})");
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1) || Interval < ClipDuration)
        {
            throw Invalid($"the interval {Interval} must lie between the clip's duration and one day");
        }

        if (Scenario == DriftScenario.SpeedChange && MachineType is not (MachineType.Fan or MachineType.Pump))
        {
            throw Invalid($"a speed change needs a rotating machine (fan or pump), not a {MachineType.ToFolderName()}");
        }

        if (Scenario == DriftScenario.DeadChannel && ResolvedChannels != MicrophoneArray.CircularChannels)
        {
            throw Invalid($"a dead channel needs the {MicrophoneArray.CircularChannels}-channel array, not {ResolvedChannels} channel(s)");
        }

        new ClipSpec { Type = MachineType, Channels = ResolvedChannels, MachineId = ProfileId, SampleRate = SampleRate, Duration = ClipDuration, SnrDb = SnrDb }.Validate();
    }

    private static ConfigurationException Invalid(string problem) => new($"Invalid scenario options: {problem}.");
}
