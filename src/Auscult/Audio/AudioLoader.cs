using System.Collections.Concurrent;
using System.Globalization;

namespace Auscult.Audio;

/// <summary>
/// The one way recordings enter the feature pipeline: decode, pick the channel, bring the samples to the feature
/// rate. Training, the CLI and the service all load through here, so they see the same samples.
/// </summary>
public static class AudioLoader
{
    // One plan per rate pair, shared by all threads (folders are processed in parallel); Lazy makes sure a plan is
    // built once even when two threads ask for it at the same moment.
    private static readonly ConcurrentDictionary<(int From, int To), Lazy<Resampler>> Plans = new();

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
    /// <exception cref="AudioFormatException">The file cannot be decoded, lacks the channel, or has another rate and resampling is off.</exception>
    public static float[] LoadChannel(string path, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        AudioClip clip = WavReader.Read(path);
        // The decoded clip never leaves this method: a mono clip at the right rate hands over its array uncopied.
        return clip.ChannelCount == 1 && clip.SampleRate == targetSampleRate && !(channel.Index > 0)
            ? clip.OwnSamples
            : LoadChannel(clip, targetSampleRate, channel, allowResample);
    }

    /// <summary>
    /// As <see cref="LoadChannel(string, int, ChannelSelection, bool)"/>, but a mono clip at the target rate (the
    /// common case, and the only one needing no conversion) is decoded into a pooled array; dispose the result.
    /// </summary>
    public static PooledSamples RentChannel(string path, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        if (!(channel.Index > 0) && WavReader.TryReadMonoPooled(path, targetSampleRate) is { } pooled)
        {
            return pooled;
        }

        float[] samples = LoadChannel(path, targetSampleRate, channel, allowResample);
        return new PooledSamples(samples, samples.Length, rented: false);
    }

    /// <summary>Returns the selected channel of an already decoded clip at <paramref name="targetSampleRate"/>.</summary>
    /// <remarks>
    /// The channel is selected (or the channels averaged) before resampling: both are linear, so the result is the
    /// same and only one channel is filtered.
    /// </remarks>
    public static float[] LoadChannel(AudioClip clip, int targetSampleRate, ChannelSelection channel, bool allowResample)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSampleRate, 1);
        if (clip.SampleRate != targetSampleRate && !allowResample)
        {
            throw new AudioFormatException(clip.Source, string.Create(CultureInfo.InvariantCulture,
                $"sample rate {clip.SampleRate} Hz differs from the feature rate {targetSampleRate} Hz; resampling is turned off."));
        }

        float[] samples = clip.Select(channel);
        return clip.SampleRate == targetSampleRate ? samples : GetResampler(clip.SampleRate, targetSampleRate).Process(samples);
    }

    /// <summary>The shared <see cref="Resampler"/> for a rate pair, built on first use.</summary>
    public static Resampler GetResampler(int fromSampleRate, int toSampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toSampleRate, 1);
        return Plans.GetOrAdd((fromSampleRate, toSampleRate), static key => new Lazy<Resampler>(() => new Resampler(key.From, key.To))).Value;
    }
}
