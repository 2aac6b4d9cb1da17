namespace Auscult.Data.Synthesis;

/// <summary>
/// A second-order IIR section (RBJ audio-EQ cookbook), transposed direct form II with double state so that narrow
/// resonances stay stable and exact over 160,000 samples. A mutable struct: keep it in a local or a field, never copy.
/// </summary>
internal struct Biquad
{
    private double _b0, _b1, _b2, _a1, _a2, _z1, _z2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2)
    {
        _b0 = b0 / a0;
        _b1 = b1 / a0;
        _b2 = b2 / a0;
        _a1 = a1 / a0;
        _a2 = a2 / a0;
    }

    /// <summary>Band-pass with 0 dB gain at <paramref name="centerHz"/> and bandwidth centre / Q: a mechanical or acoustic resonance.</summary>
    public static Biquad BandPass(double sampleRate, double centerHz, double q)
    {
        (double cos, double alpha) = Prewarp(sampleRate, centerHz, q);
        return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Low-pass, -3 dB at <paramref name="cutoffHz"/> for Q = 1/sqrt(2).</summary>
    public static Biquad LowPass(double sampleRate, double cutoffHz, double q = 0.7071)
    {
        (double cos, double alpha) = Prewarp(sampleRate, cutoffHz, q);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>High-pass, -3 dB at <paramref name="cutoffHz"/> for Q = 1/sqrt(2).</summary>
    public static Biquad HighPass(double sampleRate, double cutoffHz, double q = 0.7071)
    {
        (double cos, double alpha) = Prewarp(sampleRate, cutoffHz, q);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>
    /// The input scale that gives white noise of unit variance a unit-variance output through <see cref="BandPass"/>:
    /// a resonance's equivalent noise bandwidth is (pi / 2) * (centre / Q), so the output power is pi * centre / (Q * rate).
    /// </summary>
    public static double BandPassNoiseScale(double sampleRate, double centerHz, double q) =>
        1.0 / Math.Sqrt(Math.PI * centerHz / (q * sampleRate));

    public float Process(float x)
    {
        double y = (_b0 * x) + _z1;
        _z1 = (_b1 * x) - (_a1 * y) + _z2;
        _z2 = (_b2 * x) - (_a2 * y);
        return (float)y;
    }

    public void ProcessInPlace(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = Process(samples[i]);
        }
    }

    private static (double Cos, double Alpha) Prewarp(double sampleRate, double frequencyHz, double q)
    {
        // Keep the section below Nyquist whatever a profile asks for, so a high resonance at a low rate stays stable.
        double f = Math.Min(frequencyHz, 0.45 * sampleRate);
        double w0 = 2 * Math.PI * f / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }
}
