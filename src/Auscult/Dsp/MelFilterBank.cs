using System.Numerics.Tensors;

namespace Auscult.Dsp;

/// <summary>
/// Triangular mel filters over the bins of a real FFT, stored sparsely: each band keeps the index of its first
/// non-zero bin and its non-zero weights only. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Matches <c>librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm)</c> of librosa 0.10.1 with
/// <c>htk = (scale == MelScale.Htk)</c> and <c>norm = 'slaney'</c> or <c>None</c>: band edges are
/// <c>n_mels + 2</c> points spaced evenly in mel between <c>fmin</c> and <c>fmax</c>; band i rises from edge i to edge
/// i+1 and falls to edge i+2; with Slaney normalisation it is scaled by <c>2 / (f[i+2] - f[i])</c>. Weights are
/// computed in double and stored as float32, as librosa does (it fills a float32 array and normalises it in place).
/// </remarks>
public sealed class MelFilterBank
{
    // Bands with fewer weights than this are summed inline rather than with TensorPrimitives.Dot (measured).
    private const int ShortBandLength = 8;

    private readonly int[] _firstBin;
    private readonly int[] _offset;
    private readonly float[] _weights;

    /// <param name="sampleRate">Sample rate (Hz), positive.</param>
    /// <param name="fftSize">FFT size (samples, librosa's <c>n_fft</c>); the bank covers <c>fftSize / 2 + 1</c> bins.</param>
    /// <param name="bandCount">Number of mel bands (<c>n_mels</c>), positive.</param>
    /// <param name="minFrequencyHz">Lower edge of the first band (Hz, <c>fmin</c>), at least 0.</param>
    /// <param name="maxFrequencyHz">Upper edge of the last band (Hz, <c>fmax</c>), above the minimum.</param>
    /// <param name="scale">Hz-to-mel mapping (<c>htk</c>).</param>
    /// <param name="normalization">Band scaling (<c>norm</c>).</param>
    public MelFilterBank(int sampleRate, int fftSize, int bandCount, double minFrequencyHz, double maxFrequencyHz,
        MelScale scale = MelScale.Slaney, MelNormalization normalization = MelNormalization.Slaney)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(bandCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minFrequencyHz);
        if (!(maxFrequencyHz > minFrequencyHz))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFrequencyHz), maxFrequencyHz, "The maximum frequency must lie above the minimum.");
        }

        if (!Enum.IsDefined(scale) || !Enum.IsDefined(normalization))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "Unknown mel scale or normalisation.");
        }

        SampleRate = sampleRate;
        FftSize = fftSize;
        BandCount = bandCount;
        BinCount = (fftSize / 2) + 1;
        Scale = scale;
        Normalization = normalization;

        // librosa.fft_frequencies = numpy.fft.rfftfreq(n_fft, 1 / sr): k * (1 / (n_fft * (1 / sr))).
        double binWidth = 1.0 / (fftSize * (1.0 / sampleRate));
        var binHz = new double[BinCount];
        for (int k = 0; k < BinCount; k++)
        {
            binHz[k] = k * binWidth;
        }

        double[] edges = MelFrequencies(bandCount + 2, minFrequencyHz, maxFrequencyHz, scale);

        _firstBin = new int[bandCount];
        _offset = new int[bandCount + 1];
        var weights = new List<float>(2 * BinCount);
        var row = new float[BinCount];
        for (int band = 0; band < bandCount; band++)
        {
            double lowerWidth = edges[band + 1] - edges[band];
            double upperWidth = edges[band + 2] - edges[band + 1];
            for (int k = 0; k < BinCount; k++)
            {
                // librosa: max(0, min(-(f[i] - fft) / fdiff[i], (f[i+2] - fft) / fdiff[i+1])), stored as float32.
                double lower = -(edges[band] - binHz[k]) / lowerWidth;
                double upper = (edges[band + 2] - binHz[k]) / upperWidth;
                row[k] = (float)Math.Max(0.0, Math.Min(lower, upper));
            }

            if (normalization == MelNormalization.Slaney)
            {
                // float32 weights times the float64 factor, rounded back to float32: numpy's in-place weights *= enorm.
                double factor = 2.0 / (edges[band + 2] - edges[band]);
                for (int k = 0; k < BinCount; k++)
                {
                    row[k] = (float)(row[k] * factor);
                }
            }

            int first = Array.FindIndex(row, w => w != 0f);
            int last = Array.FindLastIndex(row, w => w != 0f);
            _offset[band] = weights.Count;
            if (first < 0)
            {
                // A band narrower than a bin is empty (librosa warns "Empty filters detected"); it yields 0.
                _firstBin[band] = 0;
                continue;
            }

            _firstBin[band] = first;
            for (int k = first; k <= last; k++)
            {
                weights.Add(row[k]);
            }
        }

        _offset[bandCount] = weights.Count;
        _weights = [.. weights];
    }

    /// <summary>Sample rate (Hz) the bank was built for.</summary>
    public int SampleRate { get; }

    /// <summary>FFT size (samples) the bank was built for.</summary>
    public int FftSize { get; }

    /// <summary>Number of mel bands.</summary>
    public int BandCount { get; }

    /// <summary>Number of FFT bins a power spectrum must have, <c>FftSize / 2 + 1</c>.</summary>
    public int BinCount { get; }

    /// <summary>The Hz-to-mel mapping.</summary>
    public MelScale Scale { get; }

    /// <summary>The band normalisation.</summary>
    public MelNormalization Normalization { get; }

    /// <summary>Index of the first bin with a non-zero weight in <paramref name="band"/> (0 for an empty band).</summary>
    public int FirstBin(int band) => _firstBin[band];

    /// <summary>The non-zero weights of <paramref name="band"/>, starting at <see cref="FirstBin"/>.</summary>
    public ReadOnlySpan<float> BandWeights(int band) => _weights.AsSpan(_offset[band], _offset[band + 1] - _offset[band]);

    /// <summary>Total number of stored weights (the cost of one <see cref="Apply"/> in multiply-adds).</summary>
    public int NonZeroCount => _weights.Length;

    /// <summary>Applies the bank to one power spectrum: <c>mel[b] = sum_k weight[b, k] * power[k]</c>. Allocates nothing.</summary>
    /// <param name="power">One frame of <see cref="BinCount"/> values.</param>
    /// <param name="mel">Receives <see cref="BandCount"/> values.</param>
    public void Apply(ReadOnlySpan<float> power, Span<float> mel)
    {
        if (power.Length != BinCount)
        {
            throw new ArgumentException($"The spectrum has {power.Length} bins; this bank expects {BinCount}.", nameof(power));
        }

        if (mel.Length < BandCount)
        {
            throw new ArgumentException($"The output holds {mel.Length} values; {BandCount} bands are needed.", nameof(mel));
        }

        ReadOnlySpan<float> weights = _weights;
        for (int band = 0; band < BandCount; band++)
        {
            int offset = _offset[band], length = _offset[band + 1] - offset;
            ReadOnlySpan<float> bins = power.Slice(_firstBin[band], length);
            ReadOnlySpan<float> bandWeights = weights.Slice(offset, length);
            if (length >= ShortBandLength)
            {
                mel[band] = TensorPrimitives.Dot(bins, bandWeights);
            }
            else
            {
                // Below 1 kHz a band covers only a few bins, where Dot's dispatch costs about as much as the
                // arithmetic. MelBenchmarks (128 bands x 313 frames, CPU time on the busy shared box): Dot everywhere
                // 158-233 us, inline under 8 weights 151-164 us, inline everywhere 191 us. The gain is small and near
                // the noise; re-measure on a quiet machine before relying on it.
                float sum = 0f;
                for (int k = 0; k < bandWeights.Length; k++)
                {
                    sum += bins[k] * bandWeights[k];
                }

                mel[band] = sum;
            }
        }
    }

    /// <summary>The bank as a dense row-major [<see cref="BandCount"/> x <see cref="BinCount"/>] matrix, librosa's layout.</summary>
    public float[] ToDense()
    {
        var dense = new float[BandCount * BinCount];
        for (int band = 0; band < BandCount; band++)
        {
            BandWeights(band).CopyTo(dense.AsSpan((band * BinCount) + _firstBin[band]));
        }

        return dense;
    }

    /// <summary>
    /// <paramref name="count"/> frequencies (Hz) evenly spaced on the mel scale from <paramref name="minHz"/> to
    /// <paramref name="maxHz"/>: <c>librosa.mel_frequencies(count, fmin, fmax, htk)</c>.
    /// </summary>
    public static double[] MelFrequencies(int count, double minHz, double maxHz, MelScale scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        double minMel = HzToMel(minHz, scale), maxMel = HzToMel(maxHz, scale);
        var result = new double[count];

        // numpy.linspace(min, max, count): start + i * step, the last point exactly max.
        double step = count > 1 ? (maxMel - minMel) / (count - 1) : 0;
        for (int i = 0; i < count; i++)
        {
            result[i] = MelToHz(i == count - 1 && count > 1 ? maxMel : (i * step) + minMel, scale);
        }

        return result;
    }

    /// <summary>Hz to mel: <c>librosa.hz_to_mel(hz, htk)</c>.</summary>
    /// <remarks>
    /// Slaney: linear <c>hz / (200 / 3)</c> below 1 kHz (15 mel at 1 kHz), then logarithmic with
    /// <c>27 / ln 6.4</c> mel per natural-log unit of <c>hz / 1000</c>. HTK: <c>2595 log10(1 + hz / 700)</c>.
    /// </remarks>
    public static double HzToMel(double hz, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 2595.0 * Math.Log10(1.0 + (hz / 700.0));
        }

        const double minLogHz = 1000.0;
        double linearStep = 200.0 / 3;
        double minLogMel = minLogHz / linearStep;
        double logStep = Math.Log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + (Math.Log(hz / minLogHz) / logStep) : hz / linearStep;
    }

    /// <summary>Mel to Hz: <c>librosa.mel_to_hz(mel, htk)</c>, the inverse of <see cref="HzToMel"/>.</summary>
    public static double MelToHz(double mel, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        }

        const double minLogHz = 1000.0;
        double linearStep = 200.0 / 3;
        double minLogMel = minLogHz / linearStep;
        double logStep = Math.Log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.Exp(logStep * (mel - minLogMel)) : linearStep * mel;
    }
}
