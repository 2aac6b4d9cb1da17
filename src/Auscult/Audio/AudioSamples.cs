using System.Globalization;
using System.Numerics.Tensors;

namespace Auscult.Audio;

/// <summary>Checks on decoded samples that every consumer of audio needs the same way.</summary>
public static class AudioSamples
{
    /// <summary>How many of <paramref name="samples"/> are NaN or infinite.</summary>
    /// <remarks>
    /// Float WAV files can store NaN and infinity, and a single one turns every feature it touches into NaN (and a
    /// NaN anomaly score compares as "not anomalous"). Integer PCM never decodes to one.
    /// </remarks>
    public static int CountNonFinite(ReadOnlySpan<float> samples)
    {
        // MaxMagnitude is vectorised and returns NaN when any sample is NaN and infinity when any is infinite, so
        // the common, clean case costs one pass at memory speed; the counting loop runs only for corrupt audio.
        if (samples.IsEmpty || float.IsFinite(TensorPrimitives.MaxMagnitude(samples)))
        {
            return 0;
        }

        int count = 0;
        foreach (float sample in samples)
        {
            if (!float.IsFinite(sample))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many of <paramref name="samples"/> are finite but larger in magnitude than <paramref name="magnitude"/>.</summary>
    public static int CountBeyond(ReadOnlySpan<float> samples, float magnitude)
    {
        // MaxMagnitude returns the sample of largest magnitude with its sign, hence the Abs; a NaN makes it NaN, which
        // fails the comparison and leads to the count.
        if (samples.IsEmpty || MathF.Abs(TensorPrimitives.MaxMagnitude(samples)) <= magnitude)
        {
            return 0;
        }

        int count = 0;
        foreach (float sample in samples)
        {
            if (float.IsFinite(sample) && Math.Abs(sample) > magnitude)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Throws when any of <paramref name="samples"/> is NaN or infinite, or beyond <see cref="AudioLimits.MaxSampleMagnitude"/>,
    /// naming <paramref name="source"/> and how many samples are at fault.
    /// </summary>
    /// <exception cref="AudioFormatException">Some samples are not finite or absurdly large.</exception>
    public static void RequireUsable(ReadOnlySpan<float> samples, string? source)
    {
        // One vectorised pass decides for clean audio; the counting passes run only when something is wrong.
        // MaxMagnitude returns the sample of largest magnitude with its sign (-infinity passed a check without Abs).
        if (samples.IsEmpty || MathF.Abs(TensorPrimitives.MaxMagnitude(samples)) <= AudioLimits.MaxSampleMagnitude)
        {
            return;
        }

        int nonFinite = CountNonFinite(samples);
        if (nonFinite > 0)
        {
            throw new AudioFormatException(source,
                $"{nonFinite} of {samples.Length} samples are not finite (NaN or infinity); the recording is corrupt.");
        }

        int huge = CountBeyond(samples, AudioLimits.MaxSampleMagnitude);
        throw new AudioFormatException(source, string.Create(CultureInfo.InvariantCulture,
            $"{huge} of {samples.Length} samples exceed {AudioLimits.MaxSampleMagnitude} in magnitude (full scale is 1); the recording is corrupt."));
    }
}
