using System.Buffers;
using System.Numerics.Tensors;

namespace Auscult.Audio;

/// <summary>
/// Band-limited sample-rate conversion by a rational factor: a Kaiser-windowed sinc low-pass applied as a polyphase
/// filter (48000 to 16000 Hz is 1/3, 44100 to 16000 Hz is 160/441). Build one per rate pair and reuse it; the taps are
/// computed in the constructor and <see cref="Process(ReadOnlySpan{float}, Span{float})"/> allocates nothing but
/// pooled scratch. Instances are immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>
/// Response, with <c>N = min(from, to) / 2</c> the lower Nyquist frequency: passband up to <see cref="PassbandEdgeHz"/>
/// (0.9 N), flat within 0.01 dB (measured: 0.005 dB); stopband from <see cref="StopbandEdgeHz"/> (N), attenuated by
/// about <see cref="DesignAttenuationDb"/> dB (measured worst case 80.6 dB, 48 to 16 kHz, just above 8 kHz), so nothing
/// above the new Nyquist frequency aliases into the result and, when upsampling, images of the input spectrum are
/// removed. Between 0.9 N and N the response rolls off. Cost: about 50 * from / N input samples weighed per output sample
/// (302 for 48 to 16 kHz, 278 for 44.1 to 16 kHz).
/// </para>
/// <para>
/// Timing: output sample <c>k</c> is the band-limited input evaluated at input time <c>k * from / to</c> (zero
/// phase, no delay); samples outside the input count as zeros. The output holds <c>ceil(n * to / from)</c> samples
/// for <c>n</c> input samples, the convention of librosa's <c>resample</c> and scipy's <c>resample_poly</c>. The result
/// is close to, not bit-identical with, librosa's default soxr resampler.
/// </para>
/// </remarks>
public sealed class Resampler
{
    /// <summary>The stopband attenuation (dB) the Kaiser design aims at; the measured worst case is a little lower.</summary>
    public const double DesignAttenuationDb = 80;

    // Plans beyond this many taps (32 MiB) come from rate pairs with a huge reduced ratio: 44101 to 16000 Hz needs 4.4
    // million taps (17 MiB, kept), odd rates above about 84 kHz more than 8 million. Such a plan costs a second of CPU
    // and its memory for one file that should have been converted to a common rate anyway.
    private const long MaxTaps = 1L << 23;

    private readonly float[] _taps; // UpFactor rows of TapsPerPhase taps, row p for output times base + p / UpFactor.
    private readonly int _halfWidth;

    /// <param name="fromSampleRate">Input rate (Hz), positive.</param>
    /// <param name="toSampleRate">Output rate (Hz), positive.</param>
    /// <exception cref="AuscultException">The reduced ratio needs an impractically large filter.</exception>
    public Resampler(int fromSampleRate, int toSampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toSampleRate, 1);
        FromSampleRate = fromSampleRate;
        ToSampleRate = toSampleRate;
        int divisor = (int)System.Numerics.BigInteger.GreatestCommonDivisor(fromSampleRate, toSampleRate);
        UpFactor = toSampleRate / divisor;
        DownFactor = fromSampleRate / divisor;

        double nyquist = Math.Min(fromSampleRate, toSampleRate) / 2.0;
        PassbandEdgeHz = 0.9 * nyquist;
        StopbandEdgeHz = nyquist;
        if (IsIdentity)
        {
            _taps = [];
            return;
        }

        // Kaiser's estimate of the length for attenuation A over a transition of width dw (radians per sample),
        // here counted in input samples: length = (A - 7.95) / (2.285 * dw).
        double transition = 2 * Math.PI * (StopbandEdgeHz - PassbandEdgeHz) / fromSampleRate;
        double length = (DesignAttenuationDb - 7.95) / (2.285 * transition);
        _halfWidth = (int)Math.Ceiling(length / 2);
        TapsPerPhase = 2 * _halfWidth;
        if ((long)UpFactor * TapsPerPhase > MaxTaps)
        {
            throw new InputException(
                $"resampling {fromSampleRate} Hz to {toSampleRate} Hz reduces to the ratio {UpFactor}/{DownFactor}, which needs {(long)UpFactor * TapsPerPhase} filter taps; convert the recordings to a common rate first.");
        }

        _taps = BuildTaps(UpFactor, _halfWidth, (PassbandEdgeHz + StopbandEdgeHz) / 2 / fromSampleRate);
    }

    /// <summary>Input rate (Hz).</summary>
    public int FromSampleRate { get; }

    /// <summary>Output rate (Hz).</summary>
    public int ToSampleRate { get; }

    /// <summary>L in the reduced ratio to / from = L / M.</summary>
    public int UpFactor { get; }

    /// <summary>M in the reduced ratio to / from = L / M.</summary>
    public int DownFactor { get; }

    /// <summary>Input samples that contribute to one output sample (0 for the identity).</summary>
    public int TapsPerPhase { get; }

    /// <summary>Bytes of filter taps the plan holds (0 for the identity).</summary>
    internal long PlanBytes => (long)_taps.Length * sizeof(float);

    /// <summary>True when the rates are equal; <see cref="Process(ReadOnlySpan{float})"/> then copies.</summary>
    public bool IsIdentity => UpFactor == DownFactor;

    /// <summary>Highest frequency (Hz) passed flat: 0.9 times the lower of the two Nyquist frequencies.</summary>
    public double PassbandEdgeHz { get; }

    /// <summary>Lowest frequency (Hz) fully attenuated: the lower of the two Nyquist frequencies.</summary>
    public double StopbandEdgeHz { get; }

    /// <summary>Output samples for <paramref name="inputLength"/> input samples: <c>ceil(inputLength * to / from)</c>.</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)((((long)inputLength * UpFactor) + DownFactor - 1) / DownFactor));
    }

    /// <summary>Resamples <paramref name="input"/> into a new array of <see cref="OutputLength"/> samples.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength(input.Length)];
        Process(input, output);
        return output;
    }

    /// <summary>Resamples <paramref name="input"/> into <paramref name="output"/>, which must hold exactly <see cref="OutputLength"/> samples.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int outputLength = OutputLength(input.Length);
        if (output.Length != outputLength)
        {
            throw new ArgumentException($"The output holds {output.Length} samples; {input.Length} input samples give {outputLength}.", nameof(output));
        }

        if (IsIdentity)
        {
            input.CopyTo(output);
            return;
        }

        if (input.IsEmpty)
        {
            return;
        }

        // Zeros around the input let every output sample take one contiguous dot product: output k reads input
        // indices base - halfWidth + 1 .. base + halfWidth, with base = floor(k * M / L) in 0 .. n - 1.
        int leftPad = _halfWidth - 1;
        int paddedLength = leftPad + input.Length + _halfWidth;
        float[] padded = ArrayPool<float>.Shared.Rent(paddedLength);
        try
        {
            padded.AsSpan(0, leftPad).Clear();
            input.CopyTo(padded.AsSpan(leftPad));
            padded.AsSpan(leftPad + input.Length, _halfWidth).Clear();

            ReadOnlySpan<float> taps = _taps;
            int width = TapsPerPhase, up = UpFactor, down = DownFactor;
            int inputBase = 0, phase = 0;
            for (int k = 0; k < output.Length; k++)
            {
                output[k] = TensorPrimitives.Dot(padded.AsSpan(inputBase, width), taps.Slice(phase * width, width));
                phase += down;
                inputBase += phase / up;
                phase %= up;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>
    /// Row p holds the kernel at distances tau = p / L - o for input offsets o = -halfWidth + 1 .. halfWidth:
    /// 2 fc sinc(2 fc tau) times a Kaiser window of half-width halfWidth, fc in cycles per input sample.
    /// </summary>
    private static float[] BuildTaps(int phases, int halfWidth, double cutoff)
    {
        int width = 2 * halfWidth;
        double beta = 0.1102 * (DesignAttenuationDb - 8.7); // Kaiser's beta for attenuation above 50 dB
        double windowNorm = 1 / BesselI0(beta);
        var taps = new float[phases * width];
        var row = new double[width];
        for (int p = 0; p < phases; p++)
        {
            double sum = 0;
            for (int j = 0; j < width; j++)
            {
                double tau = ((double)p / phases) - (j - halfWidth + 1);
                double r = tau / halfWidth;
                double window = Math.Abs(r) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - (r * r))) * windowNorm;
                double x = 2 * cutoff * tau;
                double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                row[j] = 2 * cutoff * sinc * window;
                sum += row[j];
            }

            // Each phase sums to exactly 1, so a constant input stays constant whatever the output time falls on
            // (without this the DC gain would differ between phases by ~1e-4 and leave a faint periodic pattern).
            for (int j = 0; j < width; j++)
            {
                taps[(p * width) + j] = (float)(row[j] / sum);
            }
        }

        return taps;
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges for all x).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 500 && term > 1e-17 * sum; k++)
        {
            term *= half / k * (half / k);
            sum += term;
        }

        return sum;
    }
}
