namespace Auscult.Audio;

/// <summary>
/// Decoded audio: interleaved float32 samples in [-1, 1) (integer PCM scaled as soundfile and librosa do, e.g.
/// int16 / 32768), a channel count and a sample rate.
/// </summary>
public sealed class AudioClip
{
    private readonly float[] _samples;

    /// <param name="interleavedSamples">Frame-major samples: frame 0 channel 0, frame 0 channel 1, ...</param>
    /// <param name="channelCount">Channels per frame, at least 1.</param>
    /// <param name="sampleRate">Frames per second (Hz), positive.</param>
    /// <param name="source">Where the clip came from (a path), used in error messages.</param>
    public AudioClip(float[] interleavedSamples, int channelCount, int sampleRate, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(interleavedSamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (interleavedSamples.Length % channelCount != 0)
        {
            throw new ArgumentException(
                $"{interleavedSamples.Length} samples do not divide into {channelCount} channels.", nameof(interleavedSamples));
        }

        _samples = interleavedSamples;
        ChannelCount = channelCount;
        SampleRate = sampleRate;
        Source = source;
    }

    /// <summary>A mono clip.</summary>
    public static AudioClip Mono(float[] samples, int sampleRate, string? source = null) => new(samples, 1, sampleRate, source);

    public int ChannelCount { get; }

    /// <summary>Frames per second (Hz).</summary>
    public int SampleRate { get; }

    /// <summary>Samples per channel.</summary>
    public int FrameCount => _samples.Length / ChannelCount;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);

    /// <summary>Where the clip came from (usually a path), or null.</summary>
    public string? Source { get; }

    /// <summary>
    /// The clip's own sample array, not a copy. Only for code that made the clip and drops it right after (the loader),
    /// so that a mono clip's samples are not copied once more; everyone else reads <see cref="Interleaved"/>.
    /// </summary>
    internal float[] OwnSamples => _samples;

    /// <summary>All samples, frame-major.</summary>
    public ReadOnlySpan<float> Interleaved => _samples;

    /// <summary>
    /// Frames <paramref name="startFrame"/> to <paramref name="startFrame"/> + <paramref name="frameCount"/> - 1 as a new
    /// clip of the same rate, channels and source (the samples are copied): one window of a long recording.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or reaches outside the clip.</exception>
    public AudioClip Slice(int startFrame, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)startFrame + frameCount, FrameCount, nameof(frameCount));
        return new AudioClip(_samples.AsSpan(startFrame * ChannelCount, frameCount * ChannelCount).ToArray(), ChannelCount, SampleRate, Source);
    }

    /// <summary>One channel's samples as a new array.</summary>
    public float[] GetChannel(int index)
    {
        if ((uint)index >= (uint)ChannelCount)
        {
            throw new AudioFormatException(Source,
                $"channel {index} does not exist: the recording has {ChannelCount} channel{(ChannelCount == 1 ? "" : "s")} (0 to {ChannelCount - 1}).");
        }

        if (ChannelCount == 1)
        {
            return (float[])_samples.Clone();
        }

        var result = new float[FrameCount];
        for (int frame = 0, i = index; frame < result.Length; frame++, i += ChannelCount)
        {
            result[frame] = _samples[i];
        }

        return result;
    }

    /// <summary>The mean of all channels, frame by frame (librosa's <c>to_mono</c>).</summary>
    public float[] MixDown()
    {
        if (ChannelCount == 1)
        {
            return (float[])_samples.Clone();
        }

        var result = new float[FrameCount];
        float scale = 1f / ChannelCount;
        for (int frame = 0, i = 0; frame < result.Length; frame++)
        {
            float sum = 0;
            for (int c = 0; c < ChannelCount; c++, i++)
            {
                sum += _samples[i];
            }

            result[frame] = sum * scale;
        }

        return result;
    }

    /// <summary>The samples a <see cref="ChannelSelection"/> asks for.</summary>
    public float[] Select(ChannelSelection selection) => selection.IsMean ? MixDown() : GetChannel(selection.Index);
}
