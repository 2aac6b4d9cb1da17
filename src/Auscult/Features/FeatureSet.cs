using System.Globalization;
using Auscult.Audio;
using Auscult.Data;
using Auscult.Health;

namespace Auscult.Features;

/// <summary>Extracts the features of many clips on several workers (by default one per core), for training and evaluation.</summary>
public static class FeatureSet
{
    /// <summary>
    /// The log-mel matrices ([frames x mels]) of <paramref name="clips"/>, in order. A clip that cannot be used fails
    /// the whole set with one message naming every bad file, so a model never silently trains or scores on part of the data.
    /// </summary>
    /// <param name="extractor">The feature extraction, shared by the workers.</param>
    /// <param name="clips">The clips, in the order the matrices are returned.</param>
    /// <param name="progress">Receives the number of clips done so far.</param>
    /// <param name="cancellationToken">Stops the set between clips.</param>
    /// <param name="maxParallelism">Most clips extracted at once; null means one per core (see <see cref="ParallelClips.Map"/>).</param>
    public static FeatureMatrix[] LogMels(ClipFeatureExtractor extractor, IReadOnlyList<CatalogEntry> clips,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(clips);
        return Collect(ParallelClips.Map(clips.Select(c => c.Path).ToList(), extractor.LogMel, progress, cancellationToken, maxParallelism), clips.Count);
    }

    /// <summary>
    /// As <see cref="LogMels(ClipFeatureExtractor, IReadOnlyList{CatalogEntry}, IProgress{int}?, CancellationToken, int?)"/>,
    /// and adds each clip's input health (level, rate, duration of the recording as it is, before channel selection
    /// and resampling) to <paramref name="input"/>: for training, whose bundle records the clips' input reference.
    /// Each clip is decoded once.
    /// </summary>
    public static FeatureMatrix[] LogMels(ClipFeatureExtractor extractor, IReadOnlyList<CatalogEntry> clips, InputReferenceAccumulator input,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(input);
        FeatureMatrix Measure(string path)
        {
            AudioClip clip = AudioLoader.ReadClip(path, extractor.Options.SampleRate, extractor.AllowResample);
            FeatureMatrix logMel = extractor.LogMel(clip);
            input.Add(InputHealthAnalyzer.Analyze(clip));
            return logMel;
        }

        return Collect(ParallelClips.Map(clips.Select(c => c.Path).ToList(), Measure, progress, cancellationToken, maxParallelism), clips.Count);
    }

    private static FeatureMatrix[] Collect((FeatureMatrix?[] Results, IReadOnlyList<ClipFailure> Failures) mapped, int total)
    {
        var (results, failures) = mapped;
        if (failures.Count > 0)
        {
            throw ClipFailure.Batch(failures.Select(f => f.Message).ToList(), total);
        }

        return results!;
    }

    /// <summary>
    /// Refuses clips shorter than <paramref name="minimumFrames"/> log-mel frames (a model gets nothing from them), with
    /// one message naming up to five of them, before any training or scoring starts.
    /// </summary>
    /// <exception cref="InputException">A clip is too short.</exception>
    public static void EnsureLongEnough(IReadOnlyList<CatalogEntry> clips, IReadOnlyList<FeatureMatrix> logMels, int minimumFrames, FeatureOptions features)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(logMels);
        ArgumentNullException.ThrowIfNull(features);
        double seconds = (double)minimumFrames * features.HopLength / features.SampleRate;
        var failures = new List<string>();
        for (int i = 0; i < clips.Count; i++)
        {
            if (logMels[i].Rows < minimumFrames)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{clips[i].Path}: too short: {logMels[i].Rows} frame{(logMels[i].Rows == 1 ? "" : "s")}; the model needs at least {minimumFrames} (about {seconds:0.##} s of audio)."));
            }
        }

        if (failures.Count > 0)
        {
            throw ClipFailure.Batch(failures, clips.Count);
        }
    }
}
