namespace Auscult.Tests.Data.Synthesis;

/// <summary>
/// Small, slow, obviously correct spectral tools for checking the synthesiser (the production FFT lives elsewhere):
/// a recursive radix-2 FFT, a Welch power spectrum, Goertzel, log band energies and correlation.
/// </summary>
internal static class Spectra
{
    /// <summary>In-place radix-2 FFT; length must be a power of two.</summary>
    public static void Fft(double[] re, double[] im, bool inverse = false)
    {
        int n = re.Length;
        (double[] cos, double[] sin) = Twiddles(n);
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int size = 2; size <= n; size <<= 1)
        {
            int stride = n / size;
            for (int start = 0; start < n; start += size)
            {
                for (int k = 0; k < size / 2; k++)
                {
                    double wr = cos[k * stride], wi = inverse ? -sin[k * stride] : sin[k * stride];
                    int a = start + k, b = a + (size / 2);
                    double tr = (re[b] * wr) - (im[b] * wi), ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (double[] Cos, double[] Sin)> TwiddleCache = new();

    /// <summary>cos and -sin of 2 pi k / n for k below n / 2 (the forward transform's twiddles).</summary>
    private static (double[] Cos, double[] Sin) Twiddles(int n) => TwiddleCache.GetOrAdd(n, size =>
    {
        var cos = new double[size / 2];
        var sin = new double[size / 2];
        for (int k = 0; k < cos.Length; k++)
        {
            cos[k] = Math.Cos(2 * Math.PI * k / size);
            sin[k] = -Math.Sin(2 * Math.PI * k / size);
        }

        return (cos, sin);
    });

    /// <summary>Welch average of Hann-windowed |FFT|^2 over half-overlapping frames; bin k is k * rate / frameSize Hz.</summary>
    public static double[] PowerSpectrum(ReadOnlySpan<float> x, int frameSize)
    {
        var sum = new double[(frameSize / 2) + 1];
        var re = new double[frameSize];
        var im = new double[frameSize];
        int frames = 0;
        for (int start = 0; start + frameSize <= x.Length; start += frameSize / 2, frames++)
        {
            for (int i = 0; i < frameSize; i++)
            {
                re[i] = x[start + i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / frameSize)));
                im[i] = 0;
            }

            Fft(re, im);
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += (re[k] * re[k]) + (im[k] * im[k]);
            }
        }

        for (int k = 0; k < sum.Length; k++)
        {
            sum[k] /= frames;
        }

        return sum;
    }

    /// <summary>Power at exactly <paramref name="hz"/> of the Hann-windowed signal (Goertzel).</summary>
    public static double Goertzel(ReadOnlySpan<float> x, double hz, int sampleRate)
    {
        double w = 2 * Math.PI * hz / sampleRate, coefficient = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / x.Length));
            double s0 = (x[i] * window) + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
    }

    /// <summary>
    /// Log energies (dB) in <paramref name="bands"/> mel-spaced bands from 20 Hz to Nyquist, a crude stand-in for the
    /// log-mel features the detector will see; also per 0.5-s segment so that impacts and modulation count.
    /// </summary>
    public static double[] LogBandEnergies(ReadOnlySpan<float> x, int sampleRate, int bands = 32, int frameSize = 1024)
    {
        double[] spectrum = PowerSpectrum(x, frameSize);
        var result = new double[bands];
        double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        double low = Mel(20), high = Mel(sampleRate / 2.0);
        for (int b = 0; b < bands; b++)
        {
            double f0 = Hz(low + ((high - low) * b / bands)), f1 = Hz(low + ((high - low) * (b + 1) / bands));
            double energy = 1e-12;
            for (int k = 0; k < spectrum.Length; k++)
            {
                double f = (double)k * sampleRate / frameSize;
                if (f >= f0 && f < f1)
                {
                    energy += spectrum[k];
                }
            }

            result[b] = 10 * Math.Log10(energy);
        }

        return result;
    }

    /// <summary>
    /// Log band energies (dB) of every 64-ms frame (hop 32 ms), concatenated: a time-aligned view in which a sparse
    /// impact or a modulation shows up in its frames instead of vanishing into a clip-long average.
    /// </summary>
    public static double[] FrameLogBandEnergies(float[] x, int sampleRate, int bands = 32, int frameSize = 1024)
    {
        var result = new List<double>();
        for (int start = 0; start + frameSize <= x.Length; start += frameSize / 2)
        {
            result.AddRange(LogBandEnergies(x.AsSpan(start, frameSize), sampleRate, bands, frameSize));
        }

        return [.. result];
    }

    /// <summary>Root mean square difference of two vectors.</summary>
    public static double Distance(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Average());

    /// <summary>The largest |normalised cross-correlation| of two signals over lags -maxLag..maxLag.</summary>
    public static double MaxCorrelation(float[] a, float[] b, int maxLag)
    {
        double ea = 0, eb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ea += (double)a[i] * a[i];
            eb += (double)b[i] * b[i];
        }

        double best = 0;
        for (int lag = -maxLag; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int i = Math.Max(0, -lag); i < Math.Min(a.Length, b.Length - lag); i++)
            {
                sum += (double)a[i] * b[i + lag];
            }

            best = Math.Max(best, Math.Abs(sum) / Math.Sqrt(ea * eb));
        }

        return best;
    }

    /// <summary>
    /// Delay (samples, fractional) of <paramref name="b"/> relative to <paramref name="a"/> by GCC-PHAT: the phase of
    /// the cross spectrum alone, so the peak is sharp whatever the spectra; refined by a parabola through the peak.
    /// </summary>
    public static double GccPhatDelay(float[] a, float[] b, int maxLag)
    {
        int n = 1;
        while (n < 2 * a.Length)
        {
            n <<= 1;
        }

        double[] ar = new double[n], ai = new double[n], br = new double[n], bi = new double[n];
        for (int i = 0; i < a.Length; i++)
        {
            ar[i] = a[i];
            br[i] = b[i];
        }

        Fft(ar, ai);
        Fft(br, bi);
        for (int k = 0; k < n; k++)
        {
            // conj(A) * B, whitened
            double re = (ar[k] * br[k]) + (ai[k] * bi[k]);
            double im = (ar[k] * bi[k]) - (ai[k] * br[k]);
            double magnitude = Math.Sqrt((re * re) + (im * im)) + 1e-20;
            ar[k] = re / magnitude;
            ai[k] = im / magnitude;
        }

        Fft(ar, ai, inverse: true);
        double Value(int lag) => ar[(lag + n) % n];
        int best = 0;
        for (int lag = -maxLag; lag <= maxLag; lag++)
        {
            if (Value(lag) > Value(best))
            {
                best = lag;
            }
        }

        double left = Value(best - 1), centre = Value(best), right = Value(best + 1);
        return best + (0.5 * (left - right) / (left - (2 * centre) + right));
    }
}
