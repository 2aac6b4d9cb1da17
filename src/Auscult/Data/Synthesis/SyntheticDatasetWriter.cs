using System.Globalization;
using System.Text;
using Auscult.Audio;

namespace Auscult.Data.Synthesis;

/// <summary>
/// Writes a synthetic data set in the MIMII or DCASE 2020 layout (16-bit PCM WAV) with a <c>manifest.csv</c> that
/// describes every clip. Clips are synthesised in parallel; the files are byte-identical whatever the thread count,
/// because each clip's seed derives only from (global seed, type, id, label, index).
/// </summary>
public sealed class SyntheticDatasetWriter
{
    /// <summary>The manifest's file name in the output folder.</summary>
    public const string ManifestFileName = "manifest.csv";

    /// <summary>The manifest's header line.</summary>
    public const string ManifestHeader = "path,machine_type,machine_id,label,anomaly_kind,severity,snr_db,channels,seed";

    private const ulong SeverityStream = 0x5345564552495459; // "SEVERITY"

    private readonly MachineSoundSynthesizer _synthesizer;

    /// <param name="synthesizer">The synthesiser to use; a new one when null.</param>
    public SyntheticDatasetWriter(MachineSoundSynthesizer? synthesizer = null)
    {
        _synthesizer = synthesizer ?? new MachineSoundSynthesizer();
    }

    /// <summary>
    /// The seed of one clip: a hash of the global seed and the clip's identity. It does not include the SNR, so the
    /// same clip at 6, 0 and -6 dB has the same machine sound and background, mixed at different levels (as in MIMII).
    /// </summary>
    public static ulong ClipSeed(ulong globalSeed, MachineType type, int machineId, ClipLabel label, int index) =>
        SynthesisRandom.Hash(globalSeed, (ulong)type, (ulong)machineId, (ulong)label, (ulong)index);

    /// <summary>The clips <paramref name="options"/> describe, in manifest order, without writing anything.</summary>
    public static IReadOnlyList<SyntheticClip> Plan(SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clips = new List<SyntheticClip>();
        foreach (double snr in options.SnrDb)
        {
            foreach (MachineType type in options.MachineTypes)
            {
                string typeName = type.ToFolderName();
                IReadOnlyList<AnomalyKind> kinds = AnomalyKinds.For(type);
                foreach (int id in options.MachineIds)
                {
                    for (int i = 0; i < options.NormalClipsPerId; i++)
                    {
                        ClipSpec spec = Spec(options, type, id, ClipLabel.Normal, i, snr, AnomalyKind.None, 0);
                        clips.Add(new SyntheticClip(PathOf(options.Layout, snr, typeName, id, ClipLabel.Normal, i, options.AbnormalClipsPerId), spec));
                    }

                    for (int i = 0; i < options.AbnormalClipsPerId; i++)
                    {
                        // Faults in turn (balanced kinds); the severity from the clip's own seed.
                        ulong seed = ClipSeed(options.Seed, type, id, ClipLabel.Anomaly, i);
                        double u = SynthesisRandom.Stream(seed, SeverityStream).NextDouble();
                        double severity = options.MinimumSeverity
                            + ((options.MaximumSeverity - options.MinimumSeverity) * (1 - u)); // (min, max]
                        ClipSpec spec = Spec(options, type, id, ClipLabel.Anomaly, i, snr, kinds[i % kinds.Count], severity);
                        clips.Add(new SyntheticClip(PathOf(options.Layout, snr, typeName, id, ClipLabel.Anomaly, i, options.AbnormalClipsPerId), spec));
                    }
                }
            }
        }

        return clips;
    }

    /// <summary>Synthesises and writes the data set and its manifest.</summary>
    /// <param name="options">What to write and where.</param>
    /// <param name="progress">Receives the number of clips written so far, from worker threads.</param>
    /// <param name="cancellationToken">Stops between clips; files already written stay, the manifest is not written.</param>
    /// <returns>The clips written, in manifest order.</returns>
    /// <exception cref="AuscultException">Invalid options, or a non-empty output folder without <see cref="SynthesisOptions.Overwrite"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<SyntheticClip> Write(SynthesisOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SyntheticClip> clips = Plan(options);
        string root = Path.GetFullPath(options.OutputFolder);
        if (!options.Overwrite && Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new InputException(
                $"{root}: the output folder is not empty; choose an empty or new folder, or allow overwriting existing files.");
        }

        foreach (string folder in clips.Select(c => Path.GetDirectoryName(Path.Combine(root, c.RelativePath))!).Distinct())
        {
            Directory.CreateDirectory(folder);
        }

        int written = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, clips.Count, parallel, i =>
        {
            SyntheticClip clip = clips[i];
            string path = Path.Combine(root, clip.RelativePath);
            WavWriter.Write(path, _synthesizer.Synthesize(clip.Spec), WavSampleFormat.Pcm16);
            progress?.Report(Interlocked.Increment(ref written));
        });

        cancellationToken.ThrowIfCancellationRequested();
        File.WriteAllText(Path.Combine(root, ManifestFileName), FormatManifest(clips), new UTF8Encoding(false));
        return clips;
    }

    /// <summary>The manifest text: a header line and one invariant-culture line per clip, '\n' line ends.</summary>
    public static string FormatManifest(IEnumerable<SyntheticClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var text = new StringBuilder(ManifestHeader).Append('\n');
        foreach (SyntheticClip clip in clips)
        {
            ClipSpec s = clip.Spec;
            text.Append(CultureInfo.InvariantCulture,
                $"{clip.RelativePath},{s.Type.ToFolderName()},id_{s.MachineId:00},{(s.Label == ClipLabel.Normal ? "normal" : "abnormal")}," +
                $"{s.Anomaly.ToManifestName()},{s.Severity:0.####},{SynthesisOptions.FormatSnr(s.SnrDb)},{s.Channels},{s.Seed}\n");
        }

        return text.ToString();
    }

    private static ClipSpec Spec(SynthesisOptions options, MachineType type, int id, ClipLabel label, int index, double snr,
        AnomalyKind anomaly, double severity) => new()
        {
            Type = type,
            MachineId = id,
            Anomaly = anomaly,
            Severity = severity,
            SnrDb = snr,
            Channels = options.Channels,
            Duration = options.ClipDuration,
            SampleRate = options.SampleRate,
            Seed = ClipSeed(options.Seed, type, id, label, index),
        };

    private static string PathOf(SyntheticLayout layout, double snr, string type, int id, ClipLabel label, int index, int abnormalPerId)
    {
        string machine = string.Create(CultureInfo.InvariantCulture, $"id_{id:00}");
        if (layout == SyntheticLayout.Mimii)
        {
            string labelFolder = label == ClipLabel.Normal ? "normal" : "abnormal";
            return string.Create(CultureInfo.InvariantCulture, $"{SynthesisOptions.FormatSnr(snr)}_dB_{type}/{type}/{machine}/{labelFolder}/{index:00000000}.wav");
        }

        // DCASE 2020: test holds the abnormal clips and the first as many normal ones; train the remaining normals,
        // numbered from 0 in each folder.
        if (label == ClipLabel.Anomaly)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{type}/test/anomaly_{machine}_{index:00000000}.wav");
        }

        return index < abnormalPerId
            ? string.Create(CultureInfo.InvariantCulture, $"{type}/test/normal_{machine}_{index:00000000}.wav")
            : string.Create(CultureInfo.InvariantCulture, $"{type}/train/normal_{machine}_{index - abnormalPerId:00000000}.wav");
    }
}
