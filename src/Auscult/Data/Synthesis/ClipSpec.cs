using System.Globalization;

namespace Auscult.Data.Synthesis;

/// <summary>What one synthetic clip should contain. The same spec always gives the same samples.</summary>
public sealed record ClipSpec
{
    /// <summary>The machine type.</summary>
    public MachineType Type { get; init; }

    /// <summary>The machine id (MIMII uses 0, 2, 4, 6 -> <c>id_00</c> ... <c>id_06</c>); any id from 0 to 99 is a distinct machine.</summary>
    public int MachineId { get; init; }

    /// <summary>The fault, or <see cref="AnomalyKind.None"/> for a normal clip; must belong to <see cref="Type"/>.</summary>
    public AnomalyKind Anomaly { get; init; }

    /// <summary>How strong the fault is, in (0, 1]; ignored (should be 0) for a normal clip.</summary>
    public double Severity { get; init; }

    /// <summary>
    /// Machine-to-background ratio (dB) as MIMII defines it: on each channel, 10 log10(a / b) with a the machine model's
    /// average normal power and b the background's power over the clip. <see cref="double.PositiveInfinity"/> gives the
    /// machine alone.
    /// </summary>
    /// <value>Default 6 dB, MIMII's cleanest condition (it also has 0 and -6 dB).</value>
    public double SnrDb { get; init; } = 6;

    /// <summary>1 (mono, default) or 8 (MIMII's circular array).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Clip length. Default 10 s, as MIMII and DCASE.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sample rate (Hz). Default 16,000, as MIMII and DCASE.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>The clip's seed: variation of the machine, background noise and fault details all derive from it.</summary>
    public ulong Seed { get; init; }

    /// <summary><see cref="ClipLabel.Normal"/> when <see cref="Anomaly"/> is <see cref="AnomalyKind.None"/>, else abnormal.</summary>
    public ClipLabel Label => Anomaly == AnomalyKind.None ? ClipLabel.Normal : ClipLabel.Anomaly;

    /// <summary>Samples per channel.</summary>
    public int FrameCount => (int)Math.Round(Duration.TotalSeconds * SampleRate);

    /// <summary>Throws <see cref="AuscultException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Type))
        {
            throw Invalid($"machine type {(int)Type} is not defined");
        }

        if (MachineId is < 0 or > 99)
        {
            throw Invalid($"machine id {MachineId} is outside 0-99");
        }

        if (!Anomaly.AppliesTo(Type))
        {
            throw Invalid($"{Anomaly} is not a fault of a {Type}; a {Type} can have {string.Join(", ", AnomalyKinds.For(Type))}");
        }

        if (Anomaly != AnomalyKind.None && !(Severity > 0 && Severity <= 1))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"severity {Severity} is outside (0, 1]"));
        }

        if (double.IsNaN(SnrDb) || double.IsNegativeInfinity(SnrDb))
        {
            throw Invalid("the SNR must be a number of dB or +infinity (no background)");
        }

        if (Channels != 1 && Channels != MicrophoneArray.CircularChannels)
        {
            throw Invalid($"{Channels} channels: only 1 (mono) or 8 (MIMII's circular array)");
        }

        if (SampleRate is < 8000 or > 192000)
        {
            throw Invalid($"sample rate {SampleRate} Hz is outside 8,000-192,000 Hz");
        }

        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromMinutes(10) || FrameCount < 1)
        {
            throw Invalid($"duration {Duration} is outside (0, 10 min]");
        }
    }

    private static ConfigurationException Invalid(string problem) => new($"Invalid synthetic clip: {problem}.");
}
