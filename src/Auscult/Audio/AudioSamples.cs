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

    /// <summary>Throws when any of <paramref name="samples"/> is NaN or infinite, naming <paramref name="source"/> and the count.</summary>
    /// <exception cref="AudioFormatException">Some samples are not finite.</exception>
    public static void RequireFinite(ReadOnlySpan<float> samples, string? source)
    {
        int nonFinite = CountNonFinite(samples);
        if (nonFinite > 0)
        {
            throw new AudioFormatException(source,
                $"{nonFinite} of {samples.Length} samples are not finite (NaN or infinity); the recording is corrupt.");
        }
    }
}
