using System.Numerics.Tensors;

namespace Auscult.Data.Synthesis;

/// <summary>
/// Places a mono source signal on the microphones: each channel gets the source delayed by a fraction of a sample
/// (windowed-sinc interpolation) and scaled by spherical spreading.
/// </summary>
internal static class Spatializer
{
    /// <summary>
    /// Source buffers carry this many extra samples before and after the clip so that delayed reads stay inside them:
    /// at least <see cref="HalfTaps"/> plus the largest delay, 2 r / c = 0.4 ms = 6.3 samples at 16 kHz, halved.
    /// </summary>
    public const int Margin = 24;

    /// <summary>Half length of the fractional-delay filter: 32 taps keep interpolation error below -60 dB up to 0.4 fs.</summary>
    private const int HalfTaps = 16;

    /// <summary>
    /// Adds <paramref name="source"/> (frameCount + 2 * <see cref="Margin"/> samples, the clip starting at
    /// <see cref="Margin"/>) to every channel of <paramref name="interleaved"/>.
    /// </summary>
    public static void AddSource(ReadOnlySpan<float> source, Span<float> interleaved, MicrophoneArray array,
        double azimuthRadians, double distanceMeters, int sampleRate)
    {
        int channels = array.Channels;
        int frames = interleaved.Length / channels;
        if (channels == 1)
        {
            ReadOnlySpan<float> clip = source.Slice(Margin, frames);
            for (int n = 0; n < frames; n++)
            {
                interleaved[n] += clip[n];
            }

            return;
        }

        Span<float> taps = stackalloc float[2 * HalfTaps];
        for (int mic = 0; mic < channels; mic++)
        {
            (double delay, double gain) = array.Path(mic, azimuthRadians, distanceMeters, sampleRate);
            int whole = (int)Math.Floor(delay);
            double fraction = delay - whole;
            FillTaps(taps, fraction, gain);

            // y[n] = x(n - delay) = sum over k of x[n - whole - k] * h(k - fraction), k = -HalfTaps+1 .. HalfTaps.
            int baseIndex = Margin - whole + HalfTaps - 1;
            for (int n = 0; n < frames; n++)
            {
                ReadOnlySpan<float> window = source.Slice(n + baseIndex - ((2 * HalfTaps) - 1), 2 * HalfTaps);
                // window[j] = x[n - whole - k] with k = HalfTaps - j; taps are stored in that order.
                interleaved[(n * channels) + mic] += TensorPrimitives.Dot(window, taps);
            }
        }
    }

    private static void FillTaps(Span<float> taps, double fraction, double gain)
    {
        double total = 0;
        Span<double> h = stackalloc double[taps.Length];
        for (int j = 0; j < taps.Length; j++)
        {
            int k = HalfTaps - j;
            double x = k - fraction;
            double sinc = Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            double window = 0.42 + (0.5 * Math.Cos(Math.PI * x / HalfTaps)) + (0.08 * Math.Cos(2 * Math.PI * x / HalfTaps)); // Blackman
            h[j] = sinc * window;
            total += h[j];
        }

        for (int j = 0; j < taps.Length; j++)
        {
            taps[j] = (float)(gain * h[j] / total); // unit DC gain, then spreading
        }
    }
}
