using System.Buffers;
using Auscult.Audio;

namespace Auscult.Features;

/// <summary>
/// The one path from a recording to features, shared by <c>auscult features</c>, training, scoring and the service:
/// decode, pick the channel, resample to the feature rate, log-mel, context vectors. Immutable and thread-safe.
/// </summary>
public sealed class ClipFeatureExtractor
{
    private readonly LogMelExtractor _extractor;

    /// <param name="options">The feature options (validated here).</param>
    /// <param name="allowResample">
    /// Whether a recording at another rate is resampled to <see cref="FeatureOptions.SampleRate"/>; when false, a rate
    /// mismatch is an error naming the file.
    /// </param>
    public ClipFeatureExtractor(FeatureOptions options, bool allowResample = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        _extractor = new LogMelExtractor(options.Validate());
        AllowResample = allowResample;
    }

    public FeatureOptions Options => _extractor.Options;

    public bool AllowResample { get; }

    /// <summary>The log-mel spectrogram of a WAV file, [frames x mel bands].</summary>
    public FeatureMatrix LogMel(string path)
    {
        using PooledSamples samples = Load(path);
        return Named(path, () => _extractor.ExtractLogMel(samples.Span));
    }

    /// <summary>The log-mel spectrogram of a decoded clip, [frames x mel bands].</summary>
    public FeatureMatrix LogMel(AudioClip clip) => Named(clip.Source, () => _extractor.ExtractLogMel(View(clip).Span));

    /// <summary>The context vectors of a WAV file, [vectors x (mel bands * context frames)].</summary>
    public FeatureMatrix Vectors(string path)
    {
        using PooledSamples samples = Load(path);
        return Named(path, () => _extractor.Extract(samples.Span));
    }

    /// <summary>The context vectors of a decoded clip, [vectors x (mel bands * context frames)].</summary>
    public FeatureMatrix Vectors(AudioClip clip) => Named(clip.Source, () => _extractor.Extract(View(clip).Span));

    /// <summary>
    /// Computes a WAV file's context vectors into a pooled buffer and hands them to <paramref name="consume"/> (row-major,
    /// rows x columns); the buffer is returned to the pool afterwards, so <paramref name="consume"/> must not keep it.
    /// For processing many clips without allocating a matrix per clip.
    /// </summary>
    public void Vectors(string path, Action<float[], int, int> consume)
    {
        ArgumentNullException.ThrowIfNull(consume);
        using PooledSamples samples = Load(path);
        int rows = Named(path, () => _extractor.VectorCount(samples.Length));
        int columns = Options.VectorLength;
        float[] buffer = ArrayPool<float>.Shared.Rent(rows * columns);
        try
        {
            _extractor.Extract(samples.Span, buffer.AsSpan(0, rows * columns));
            consume(buffer, rows, columns);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Context vectors from a log-mel matrix this extractor made.</summary>
    public FeatureMatrix Vectors(FeatureMatrix logMel) => ContextFrames.Stack(logMel, Options.ContextFrames);

    // Every path-based load decodes into a pooled array when it can: a fresh 640 KB array per 10-s clip costs page faults.
    private PooledSamples Load(string path) => AudioLoader.RentChannel(path, Options.SampleRate, Options.Channel, AllowResample);

    // The extractor only reads the samples: a mono clip at the right rate is read in place rather than copied (a 10-s clip
    // is 640 KB, a large-object allocation per clip in the service).
    private ReadOnlyMemory<float> View(AudioClip clip) => AudioLoader.ViewChannel(clip, Options.SampleRate, Options.Channel, AllowResample);

    /// <summary>Errors from the feature stages (e.g. a clip too short for the context) gain the file's name.</summary>
    private static T Named<T>(string? source, Func<T> extract)
    {
        try
        {
            return extract();
        }
        catch (AuscultException e) when (e is not AudioFormatException && source is not null && !e.Message.Contains(source, StringComparison.Ordinal))
        {
            throw new AudioFormatException(source, e.Message);
        }
    }
}
