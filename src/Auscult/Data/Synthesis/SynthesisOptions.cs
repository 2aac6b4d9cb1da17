using System.Globalization;

namespace Auscult.Data.Synthesis;

/// <summary>What <see cref="SyntheticDatasetWriter"/> generates and where.</summary>
/// <remarks>
/// The defaults make the demo set: 4 machine types x 4 ids x (60 normal + 15 abnormal) = 1,200 mono clips at 6 dB
/// (about 385 MB of 16-bit WAV; under half a minute on two cores). 60 normals per id leave 45 for training in the DCASE
/// layout (180 clips, ~55,000 log-mel frames per machine type: enough for the baseline autoencoder), and 15 abnormal
/// plus 15 normal test clips per id give an AUC whose standard error is about 0.05 per id and 0.025 per type.
/// </remarks>
public sealed record SynthesisOptions
{
    /// <summary>The folder the data set is written into (created when missing).</summary>
    public required string OutputFolder { get; init; }

    /// <value>Default: all four types.</value>
    public IReadOnlyList<MachineType> MachineTypes { get; init; } = [MachineType.Fan, MachineType.Pump, MachineType.Slider, MachineType.Valve];

    /// <value>Default: 0, 2, 4, 6 (MIMII's id_00, id_02, id_04, id_06). Each id is a different machine.</value>
    public IReadOnlyList<int> MachineIds { get; init; } = [0, 2, 4, 6];

    /// <value>Default 60 normal clips per machine id.</value>
    public int NormalClipsPerId { get; init; } = 60;

    /// <value>Default 15 abnormal clips per machine id, the faults of the type taken in turn.</value>
    public int AbnormalClipsPerId { get; init; } = 15;

    /// <summary>Machine-to-background ratios (dB); the MIMII layout writes one tree per value.</summary>
    /// <value>Default: 6 dB only.</value>
    public IReadOnlyList<double> SnrDb { get; init; } = [6.0];

    /// <summary>
    /// Fault severities are drawn uniformly from (<see cref="MinimumSeverity"/>, <see cref="MaximumSeverity"/>].
    /// </summary>
    /// <value>Default 0.1: mild faults that stay within the normal clip-to-clip variation, as some of MIMII's do.</value>
    public double MinimumSeverity { get; init; } = SynthesisCalibration.SeverityMin;

    /// <value>Default 1: the plainly audible end of every fault.</value>
    public double MaximumSeverity { get; init; } = SynthesisCalibration.SeverityMax;

    /// <value>Default 1 (mono); 8 simulates MIMII's circular array.</value>
    public int Channels { get; init; } = 1;

    /// <summary>The global seed; every clip's seed derives from it and the clip's identity.</summary>
    public ulong Seed { get; init; }

    /// <value>Default <see cref="SyntheticLayout.Mimii"/>.</value>
    public SyntheticLayout Layout { get; init; } = SyntheticLayout.Mimii;

    /// <summary>Write into a non-empty output folder, replacing files of the same name.</summary>
    /// <value>Default false: a non-empty folder is refused.</value>
    public bool Overwrite { get; init; }

    /// <value>Default 10 s.</value>
    public TimeSpan ClipDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <value>Default 16,000 Hz.</value>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Clips synthesised at once; -1 uses every core. The output does not depend on it.</summary>
    /// <value>Default -1.</value>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws <see cref="AuscultException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw Invalid("the output folder is empty");
        }

        if (MachineTypes is null || MachineTypes.Count == 0 || MachineTypes.Distinct().Count() != MachineTypes.Count
            || MachineTypes.Any(t => !Enum.IsDefined(t)))
        {
            throw Invalid("machine types must be a non-empty list of distinct types");
        }

        if (MachineIds is null || MachineIds.Count == 0 || MachineIds.Distinct().Count() != MachineIds.Count
            || MachineIds.Any(id => id is < 0 or > 99))
        {
            throw Invalid("machine ids must be a non-empty list of distinct numbers from 0 to 99");
        }

        if (NormalClipsPerId < 0 || AbnormalClipsPerId < 0 || NormalClipsPerId + AbnormalClipsPerId == 0)
        {
            throw Invalid($"clip counts {NormalClipsPerId} normal and {AbnormalClipsPerId} abnormal per id: need at least one clip and no negative count");
        }

        if (!(MinimumSeverity >= 0 && MinimumSeverity <= MaximumSeverity && MaximumSeverity <= 1 && MaximumSeverity > 0))
        {
            throw Invalid($"severities {MinimumSeverity}..{MaximumSeverity}: need 0 <= minimum <= maximum <= 1 and a positive maximum");
        }

        if (SnrDb is null || SnrDb.Count == 0 || SnrDb.Any(snr => !double.IsFinite(snr)) || SnrDb.Distinct().Count() != SnrDb.Count)
        {
            throw Invalid("SNRs must be a non-empty list of distinct finite dB values");
        }

        if (Layout == SyntheticLayout.Dcase2020)
        {
            if (SnrDb.Count != 1)
            {
                throw Invalid($"the DCASE 2020 layout holds one SNR, {SnrDb.Count} given");
            }

            if (NormalClipsPerId <= AbnormalClipsPerId)
            {
                throw Invalid($"the DCASE 2020 layout puts as many normal clips as abnormal ones ({AbnormalClipsPerId}) into test; " +
                    $"{NormalClipsPerId} normal clips per id leave none for training");
            }
        }
        else if (Layout != SyntheticLayout.Mimii)
        {
            throw Invalid($"layout {(int)Layout} is not defined");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw Invalid($"max degree of parallelism {MaxDegreeOfParallelism}: use -1 (all cores) or a positive number");
        }

        // Channels, rate and duration are checked by the clip spec with the same rules.
        new ClipSpec { Type = MachineTypes[0], Channels = Channels, SampleRate = SampleRate, Duration = ClipDuration, SnrDb = SnrDb[0] }.Validate();
    }

    /// <summary>The SNR as written in MIMII folder names: <c>6</c>, <c>0</c>, <c>-6</c>, <c>2.5</c>.</summary>
    internal static string FormatSnr(double snrDb) => snrDb.ToString("0.##", CultureInfo.InvariantCulture);

    private static ConfigurationException Invalid(string problem) => new($"Invalid synthesis options: {problem}.");
}
