using Auscult.Audio;
using Auscult.Data;
using Auscult.Health;

namespace Auscult.Features;

/// <summary>Extracts the features of many clips on all cores, for training and evaluation.</summary>
public static class FeatureSet
{
    /// <summary>
    /// The log-mel matrices ([frames x mels]) of <paramref name="clips"/>, in order. A clip that cannot be used fails
    /// the whole set with one message naming every bad file, so a model never silently trains or scores on part of the data.
    /// </summary>
    public static FeatureMatrix[] LogMels(ClipFeatureExtractor extractor, IReadOnlyList<CatalogEntry> clips,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(clips);
        return Collect(ParallelClips.Map(clips.Select(c => c.Path).ToList(), extractor.LogMel, progress, cancellationToken), clips.Count);
    }

    /// <summary>
    /// As <see cref="LogMels(ClipFeatureExtractor, IReadOnlyList{CatalogEntry}, IProgress{int}?, CancellationToken)"/>,
    /// and adds each clip's input health (level, rate, duration of the recording as it is, before channel selection
    /// and resampling) to <paramref name="input"/>: for training, whose bundle records the clips' input reference.
    /// Each clip is decoded once.
    /// </summary>
    public static FeatureMatrix[] LogMels(ClipFeatureExtractor extractor, IReadOnlyList<CatalogEntry> clips, InputReferenceAccumulator input,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
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

        return Collect(ParallelClips.Map(clips.Select(c => c.Path).ToList(), Measure, progress, cancellationToken), clips.Count);
    }

    private static FeatureMatrix[] Collect((FeatureMatrix?[] Results, IReadOnlyList<ClipFailure> Failures) mapped, int total)
    {
        var (results, failures) = mapped;
        if (failures.Count > 0)
        {
            const int Shown = 5;
            string list = string.Join(Environment.NewLine, failures.Take(Shown).Select(f => "  " + f.Message));
            string more = failures.Count > Shown ? $"{Environment.NewLine}  ... and {failures.Count - Shown} more" : "";
            throw new InputException($"{failures.Count} of {total} clips cannot be used:{Environment.NewLine}{list}{more}");
        }

        return results!;
    }
}
