using System.Globalization;

namespace Auscult.Audio;

/// <summary>
/// The one way recordings enter the feature pipeline: decode, pick the channel, bring the samples to the feature
/// rate. Training, the CLI and the service all load through here, so they see the same samples.
/// </summary>
/// <remarks>
/// The loader refuses, before decoding, a recording whose rate needs resampling but lies outside
/// <see cref="AudioLimits.MinSampleRate"/> to <see cref="AudioLimits.MaxSampleRate"/>, or that holds (or would be
/// resampled to) more than <see cref="AudioLimits.MaxSamples"/> samples; after decoding, it refuses NaN, infinite and
/// absurdly large samples (<see cref="AudioSamples.RequireUsable"/>). Every refusal is an <see cref="AudioFormatException"/> naming the
/// file.
/// </remarks>
public static class AudioLoader
{
    // Distinct rate pairs are few in practice (a plan per recorder model), but a service fed odd rates such as 44101 Hz
    // would otherwise keep megabytes of taps per rate for ever. 16 plans and 64 MiB hold every common pair many times.
    private const int MaxCachedPlans = 16;
    private const long MaxCachedPlanBytes = 64L << 20;

    /// <summary>The shared plans; internal so tests can see that they stay bounded.</summary>
    internal static ResamplerCache Plans { get; } = new(MaxCachedPlans, MaxCachedPlanBytes);

    /// <summary>
    /// Decodes the WAV file at <paramref name="path"/> (<see cref="WavReader.Read(string)"/>) and returns the selected
    /// channel at <paramref name="targetSampleRate"/>.
    /// </summary>
    /// <param name="path">A WAV file.</param>
    /// <param name="targetSampleRate">The feature rate (Hz), e.g. <see cref="Features.FeatureOptions.SampleRate"/>.</param>
    /// <param name="channel">Channel 0 for the MIMII and DCASE baselines, or the mean of all channels.</param>
    /// <param name="allowResample">
    /// When false, a recording at another rate is an error instead of being resampled (the baselines load with
    /// <c>sr=None</c> and assume 16 kHz data).
    /// </param>
    /// <exception cref="AudioFormatException">
    /// The file cannot be decoded, lacks the channel, has another rate and resampling is off, is outside
    /// <see cref="AudioLimits"/>, or holds NaN, infinite or absurdly large samples.
    /// </exception>
    public static float[] LoadChannel(string path, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        AudioClip clip = WavReader.Read(path, info => CheckLimits(path, info.SampleRate, info.ChannelCount, info.FrameCount, targetSampleRate, allowResample));
        // The decoded clip never leaves this method: a mono clip at the right rate hands over its array uncopied.
        if (clip.ChannelCount == 1 && clip.SampleRate == targetSampleRate && !(channel.Index > 0))
        {
            AudioSamples.RequireUsable(clip.Interleaved, path);
            return clip.OwnSamples;
        }

        return LoadChannel(clip, targetSampleRate, channel, allowResample);
    }

    /// <summary>
    /// As <see cref="LoadChannel(string, int, ChannelSelection, bool)"/>, but a mono clip at the target rate (the
    /// common case, and the only one needing no conversion) is decoded into a pooled array; dispose the result.
    /// </summary>
    public static PooledSamples RentChannel(string path, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        if (!(channel.Index > 0) &&
            WavReader.TryReadMonoPooled(path, targetSampleRate, info => CheckLimits(path, info.SampleRate, info.ChannelCount, info.FrameCount, targetSampleRate, allowResample)) is { } pooled)
        {
            try
            {
                AudioSamples.RequireUsable(pooled.Span, path);
                return pooled;
            }
            catch
            {
                pooled.Dispose();
                throw;
            }
        }

        float[] samples = LoadChannel(path, targetSampleRate, channel, allowResample);
        return new PooledSamples(samples, samples.Length, rented: false);
    }

    /// <summary>
    /// Decodes the WAV file at <paramref name="path"/> as it is (every channel, its own rate), refusing before anything
    /// is decoded a file outside <see cref="AudioLimits"/> for features at <paramref name="targetSampleRate"/>: for
    /// callers that look at the raw samples first (input health) and extract features after.
    /// </summary>
    /// <exception cref="AudioFormatException">The file cannot be decoded or is outside <see cref="AudioLimits"/>.</exception>
    public static AudioClip ReadClip(string path, int targetSampleRate, bool allowResample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        return WavReader.Read(path, info => CheckLimits(path, info.SampleRate, info.ChannelCount, info.FrameCount, targetSampleRate, allowResample));
    }

    /// <summary>Returns the selected channel of an already decoded clip at <paramref name="targetSampleRate"/>.</summary>
    /// <remarks>
    /// The channel is selected (or the channels averaged) before resampling: both are linear, so the result is the
    /// same and only one channel is filtered.
    /// </remarks>
    /// <exception cref="AudioFormatException">
    /// The clip lacks the channel, has another rate and resampling is off, is outside <see cref="AudioLimits"/>, or
    /// holds NaN, infinite or absurdly large samples.
    /// </exception>
    public static float[] LoadChannel(AudioClip clip, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        CheckLimits(clip.Source, clip.SampleRate, clip.ChannelCount, clip.FrameCount, targetSampleRate, allowResample);
        AudioSamples.RequireUsable(clip.Interleaved, clip.Source);
        float[] samples = clip.Select(channel);
        if (clip.SampleRate == targetSampleRate)
        {
            return samples;
        }

        try
        {
            return GetResampler(clip.SampleRate, targetSampleRate).Process(samples);
        }
        catch (InputException e) when (e is not AudioFormatException)
        {
            // The resampler knows rates, not files; the caller needs to know which recording it refused.
            throw new AudioFormatException(clip.Source, e.Message);
        }
    }

    /// <summary>
    /// As <see cref="LoadChannel(AudioClip, int, ChannelSelection, bool)"/>, but a mono clip at the target rate (the common
    /// case) is answered with its own samples, uncopied: the caller reads them and neither changes nor keeps them.
    /// </summary>
    internal static ReadOnlyMemory<float> ViewChannel(AudioClip clip, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.ChannelCount == 1 && clip.SampleRate == targetSampleRate && !(channel.Index > 0))
        {
            CheckLimits(clip.Source, clip.SampleRate, clip.ChannelCount, clip.FrameCount, targetSampleRate, allowResample);
            AudioSamples.RequireUsable(clip.Interleaved, clip.Source);
            return clip.OwnSamples;
        }

        return LoadChannel(clip, targetSampleRate, channel, allowResample);
    }

    /// <summary>The shared <see cref="Resampler"/> for a rate pair, built on first use and kept while recently used.</summary>
    public static Resampler GetResampler(int fromSampleRate, int toSampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toSampleRate, 1);
        return Plans.Get(fromSampleRate, toSampleRate);
    }

    /// <summary>
    /// Refuses, from the header alone, a recording that needs resampling it may not have, whose rate is outside the
    /// resampling range, or whose samples (before or after resampling) exceed <see cref="AudioLimits.MaxSamples"/>.
    /// </summary>
    private static void CheckLimits(string? source, int sampleRate, int channelCount, long frameCount, int targetSampleRate, bool allowResample)
    {
        long samples = frameCount * channelCount;
        if (samples > AudioLimits.MaxSamples)
        {
            throw new AudioFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"{frameCount} frames of {channelCount} channel{(channelCount == 1 ? "" : "s")} ({samples} samples) exceed the limit of {AudioLimits.MaxSamples} samples per recording."));
        }

        if (sampleRate == targetSampleRate)
        {
            return;
        }

        if (!allowResample)
        {
            throw new AudioFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"sample rate {sampleRate} Hz differs from the feature rate {targetSampleRate} Hz and resampling is off."));
        }

        if (sampleRate is < AudioLimits.MinSampleRate or > AudioLimits.MaxSampleRate)
        {
            throw new AudioFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"sample rate {sampleRate} Hz is outside the range Auscult resamples from ({AudioLimits.MinSampleRate} to {AudioLimits.MaxSampleRate} Hz)."));
        }

        // ceil(frames * to / from), as Resampler.OutputLength, in long arithmetic so that it cannot overflow.
        long resampled = ((frameCount * targetSampleRate) + sampleRate - 1) / sampleRate;
        if (resampled > AudioLimits.MaxSamples)
        {
            throw new AudioFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"{frameCount} frames at {sampleRate} Hz resample to {resampled} samples at {targetSampleRate} Hz, beyond the limit of {AudioLimits.MaxSamples} samples per recording."));
        }
    }
}
