namespace Auscult.Data.Synthesis;

/// <summary>Building blocks shared by the machine and factory models: coloured noise, slow control signals, impacts.</summary>
internal static class SignalKit
{
    /// <summary>
    /// Adds band-limited noise: white noise through a resonance at <paramref name="centerHz"/>, scaled to an RMS of
    /// about <paramref name="rms"/> and multiplied sample by sample by <paramref name="envelope"/> when one is given.
    /// Broadband flow and turbulence noise of machines is exactly this: random pressure fluctuations shaped by the
    /// resonances of the ducts, casings and pipes they pass through.
    /// </summary>
    public static void AddBandNoise(Span<float> dest, SynthesisRandom random, int sampleRate, double centerHz, double q,
        double rms, ReadOnlySpan<float> envelope = default)
    {
        var filter = Biquad.BandPass(sampleRate, centerHz, q);
        // Uniform [-1, 1) has variance 1/3, hence sqrt(3).
        float scale = (float)(rms * Math.Sqrt(3) * Biquad.BandPassNoiseScale(sampleRate, centerHz, q));
        bool modulated = !envelope.IsEmpty;
        for (int i = 0; i < dest.Length; i++)
        {
            float value = filter.Process(random.NextSigned() * scale);
            dest[i] += modulated ? value * envelope[i] : value;
        }
    }

    /// <summary>
    /// Fills <paramref name="dest"/> with a smooth random curve: Gaussian values of standard deviation
    /// <paramref name="std"/> every <paramref name="knotSpacing"/> samples, joined by smoothstep. Used for slow drift of
    /// speed and load and for the irregular envelope of turbulence, so no two clips repeat.
    /// </summary>
    public static void FillSmoothNoise(Span<float> dest, SynthesisRandom random, int knotSpacing, double std)
    {
        double previous = random.NextGaussian() * std;
        for (int start = 0; start < dest.Length; start += knotSpacing)
        {
            double next = random.NextGaussian() * std;
            int end = Math.Min(start + knotSpacing, dest.Length);
            for (int i = start; i < end; i++)
            {
                double x = (double)(i - start) / knotSpacing;
                double w = x * x * (3 - (2 * x));
                dest[i] = (float)(previous + ((next - previous) * w));
            }

            previous = next;
        }
    }

    /// <summary>
    /// Adds an impact at <paramref name="startSample"/>: a short broadband contact transient followed by damped modes
    /// of the struck structure, each <c>a exp(-t / decay) sin(2 pi f t + phase)</c>. The modes are run as a rotating
    /// complex phasor (one complex multiply per sample) rather than calling exp and sin per sample.
    /// </summary>
    public static void AddImpact(Span<float> dest, SynthesisRandom random, int sampleRate, double startSample, double amplitude,
        ReadOnlySpan<double> modeHz, ReadOnlySpan<double> decaySeconds, ReadOnlySpan<double> modeWeights)
    {
        // An impact that began before the clip (a cycle already under way) still rings into it.
        int first = (int)Math.Max(0, Math.Ceiling(startSample));
        if (first >= dest.Length || amplitude == 0)
        {
            return;
        }

        double offset = first - startSample; // sub-sample start keeps impact timing exact
        for (int m = 0; m < modeHz.Length; m++)
        {
            double decay = decaySeconds[m] * sampleRate;
            int length = (int)Math.Min(dest.Length - first, Math.Ceiling(7 * decay));
            if (length <= 0)
            {
                continue;
            }

            double w = 2 * Math.PI * Math.Min(modeHz[m], 0.45 * sampleRate) / sampleRate;
            double phase = random.Uniform(0, 2 * Math.PI);
            double a = amplitude * modeWeights[m] * Math.Exp(-offset / decay);
            double re = a * Math.Cos(phase + (w * offset)), im = a * Math.Sin(phase + (w * offset));
            double r = Math.Exp(-1 / decay);
            double stepRe = r * Math.Cos(w), stepIm = r * Math.Sin(w);
            Span<float> target = dest.Slice(first, length);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] += (float)im;
                double nextRe = (re * stepRe) - (im * stepIm);
                im = (re * stepIm) + (im * stepRe);
                re = nextRe;
            }
        }

        // The contact itself: about a millisecond of decaying white noise, what makes a knock sound sharp.
        if (startSample < 0)
        {
            return;
        }

        int clickLength = Math.Min(dest.Length - first, Math.Max(4, sampleRate / 1000));
        double clickDecay = clickLength / 3.0;
        for (int i = 0; i < clickLength; i++)
        {
            dest[first + i] += (float)(0.5 * amplitude * Math.Exp(-i / clickDecay) * random.NextSigned());
        }
    }

    /// <summary>Root mean square of <paramref name="samples"/>, accumulated in double.</summary>
    public static double Rms(ReadOnlySpan<float> samples) => samples.IsEmpty ? 0 : Math.Sqrt(SumOfSquares(samples) / samples.Length);

    /// <summary>Sum of squares in double: 160,000 float squares summed in float lose about three digits.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float x in samples)
        {
            sum += (double)x * x;
        }

        return sum;
    }
}
