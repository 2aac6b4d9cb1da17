using System.Buffers;
using System.Numerics.Tensors;

namespace Auscult.Dsp;

/// <summary>
/// A short-time Fourier transform plan that produces power spectrograms: a periodic Hann window of
/// <see cref="FftSize"/> samples, frames every <see cref="HopLength"/> samples, optionally centred with padding.
/// Immutable after construction and safe to share between threads; per-frame work allocates nothing.
/// </summary>
/// <remarks>
/// Matches <c>numpy.abs(librosa.stft(y, n_fft, hop_length, win_length=n_fft, window='hann', center, pad_mode)) ** power</c>
/// (librosa 0.10.1), transposed: one row per frame, <see cref="BinCount"/> columns. librosa transforms in float64 and
/// rounds to complex64; this plan works in float32 throughout, which agrees to about 1e-6 relative on the bins that
/// carry the energy.
/// </remarks>
public sealed class Stft
{
    private readonly float[] _window;
    private readonly RealFft _fft;

    /// <param name="fftSize">FFT size and window length (samples, librosa's <c>n_fft</c>), a power of two of at least 4.</param>
    /// <param name="hopLength">Samples between frame starts (librosa's <c>hop_length</c>), positive.</param>
    /// <param name="center">Whether frame t is centred on sample <c>t * hopLength</c>, padding <c>fftSize / 2</c> samples on each side (librosa's default true).</param>
    /// <param name="padMode">Padding when <paramref name="center"/> is true: numpy <c>reflect</c> or zeros.</param>
    public Stft(int fftSize, int hopLength, bool center = true, PadMode padMode = PadMode.Reflect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        if (!Enum.IsDefined(padMode))
        {
            throw new ArgumentOutOfRangeException(nameof(padMode), padMode, "Unknown pad mode.");
        }

        _fft = new RealFft(fftSize);
        _window = HannWindow.Periodic(fftSize);
        HopLength = hopLength;
        Center = center;
        PadMode = padMode;
    }

    /// <summary>FFT size and window length (samples).</summary>
    public int FftSize => _fft.Size;

    /// <summary>Samples between frame starts.</summary>
    public int HopLength { get; }

    /// <summary>Whether frames are centred (padding <c>FftSize / 2</c> samples on each side).</summary>
    public bool Center { get; }

    /// <summary>The padding used when <see cref="Center"/> is true.</summary>
    public PadMode PadMode { get; }

    /// <summary>Frequency bins per frame, <c>FftSize / 2 + 1</c>; bin k is at <c>k * sampleRate / FftSize</c> Hz.</summary>
    public int BinCount => _fft.BinCount;

    /// <summary>Length of the scratch span <see cref="PowerFrame"/> needs: <c>2 * FftSize + 2</c> floats.</summary>
    public int ScratchLength => (2 * FftSize) + 2;

    /// <summary>The analysis window (periodic Hann, <see cref="FftSize"/> samples).</summary>
    public ReadOnlySpan<float> Window => _window;

    /// <summary>
    /// Number of frames for a signal of <paramref name="sampleCount"/> samples: <c>1 + sampleCount / HopLength</c>
    /// when centred, <c>1 + (sampleCount - FftSize) / HopLength</c> otherwise (integer division, as librosa).
    /// </summary>
    /// <exception cref="AuscultException">
    /// The signal is too short: empty; shorter than <c>FftSize</c> without centring; or, with reflect padding, not
    /// longer than the <c>FftSize / 2</c> samples to mirror (numpy's single reflection needs one more sample than the
    /// pad; librosa then reflects repeatedly, which this plan refuses rather than imitates).
    /// </exception>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        int pad = FftSize / 2;
        if (!Center)
        {
            if (sampleCount < FftSize)
            {
                throw new InputException(
                    $"The signal has {sampleCount} samples, fewer than one frame of {FftSize} (FFT size) without centring.");
            }

            return 1 + ((sampleCount - FftSize) / HopLength);
        }

        if (sampleCount == 0)
        {
            throw new InputException("The signal is empty: no frame can be computed.");
        }

        if (PadMode == PadMode.Reflect && sampleCount <= pad)
        {
            throw new InputException(
                $"The signal has {sampleCount} sample{(sampleCount == 1 ? "" : "s")}, too short for reflect padding of {pad} samples (FFT size {FftSize} / 2): " +
                $"at least {pad + 1} samples are needed.");
        }

        return 1 + (sampleCount / HopLength);
    }

    /// <summary>
    /// Computes the power spectrogram of <paramref name="samples"/> into <paramref name="power"/>, row-major
    /// [<see cref="FrameCount"/> x <see cref="BinCount"/>].
    /// </summary>
    /// <param name="samples">The signal (float32, any scale).</param>
    /// <param name="power">Receives <c>FrameCount(samples.Length) * BinCount</c> values; a longer span is used from its start.</param>
    /// <param name="exponent">Exponent on the magnitude: 2 for power (default), 1 for magnitude.</param>
    public void PowerSpectrogram(ReadOnlySpan<float> samples, Span<float> power, float exponent = 2f)
    {
        int frames = FrameCount(samples.Length);
        int bins = BinCount;
        if (power.Length < (long)frames * bins)
        {
            throw new ArgumentException($"The output holds {power.Length} values; {frames} frames x {bins} bins are needed.", nameof(power));
        }

        float[] scratch = ArrayPool<float>.Shared.Rent(ScratchLength);
        try
        {
            for (int t = 0; t < frames; t++)
            {
                PowerFrame(samples, t, power.Slice(t * bins, bins), scratch, exponent);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Computes one frame of the power spectrogram: the streaming form of <see cref="PowerSpectrogram"/>. Allocates
    /// nothing.
    /// </summary>
    /// <param name="samples">The whole signal (frames near the ends read the padding from it).</param>
    /// <param name="frame">Frame index, 0 to <c>FrameCount(samples.Length) - 1</c>.</param>
    /// <param name="power">Receives <see cref="BinCount"/> values.</param>
    /// <param name="scratch">Working space of at least <see cref="ScratchLength"/> floats, owned by the caller.</param>
    /// <param name="exponent">Exponent on the magnitude: 2 for power (default), 1 for magnitude.</param>
    public void PowerFrame(ReadOnlySpan<float> samples, int frame, Span<float> power, Span<float> scratch, float exponent = 2f)
    {
        int n = FftSize;
        if ((uint)frame >= (uint)FrameCount(samples.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The signal has {FrameCount(samples.Length)} frames.");
        }

        if (power.Length < BinCount)
        {
            throw new ArgumentException($"The output holds {power.Length} values; {BinCount} are needed.", nameof(power));
        }

        if (scratch.Length < ScratchLength)
        {
            throw new ArgumentException($"The scratch holds {scratch.Length} floats; {ScratchLength} are needed.", nameof(scratch));
        }

        Span<float> windowed = scratch[..n];
        Span<float> spectrum = scratch.Slice(n, n + 2);
        int start = (frame * HopLength) - (Center ? n / 2 : 0);
        if (start >= 0 && start + n <= samples.Length)
        {
            TensorPrimitives.Multiply(samples.Slice(start, n), _window, windowed);
        }
        else
        {
            FillPaddedFrame(samples, start, windowed);
        }

        _fft.Forward(windowed, spectrum);
        RealFft.PowerSpectrum(spectrum, power[..BinCount], exponent);
    }

    /// <summary>
    /// The power spectrum of one frame given as its <see cref="FftSize"/> samples, padding already applied: the same
    /// window, FFT and power as <see cref="PowerFrame"/>, for callers that assemble frames themselves (streaming).
    /// Allocates nothing.
    /// </summary>
    /// <param name="frame">Exactly <see cref="FftSize"/> samples.</param>
    /// <param name="power">At least <see cref="BinCount"/> floats.</param>
    /// <param name="scratch">At least <see cref="ScratchLength"/> floats.</param>
    /// <param name="exponent">1 for magnitude, 2 for power.</param>
    public void PowerOfFrame(ReadOnlySpan<float> frame, Span<float> power, Span<float> scratch, float exponent = 2f)
    {
        int n = FftSize;
        if (frame.Length != n)
        {
            throw new ArgumentException($"The frame holds {frame.Length} samples; {n} are needed.", nameof(frame));
        }

        if (power.Length < BinCount || scratch.Length < ScratchLength)
        {
            throw new ArgumentException($"The outputs need {BinCount} bins and {ScratchLength} floats of scratch.", nameof(power));
        }

        Span<float> windowed = scratch[..n];
        Span<float> spectrum = scratch.Slice(n, n + 2);
        TensorPrimitives.Multiply(frame, _window, windowed); // element-wise, so equal to PowerFrame's scalar padded path
        _fft.Forward(windowed, spectrum);
        RealFft.PowerSpectrum(spectrum, power[..BinCount], exponent);
    }

    // A frame that reaches into the padding: map each padded position to a signal sample (numpy 'reflect' mirrors
    // about the edge sample without repeating it: x[-i] = x[i], x[n-1+i] = x[n-1-i]) or to zero ('constant').
    private void FillPaddedFrame(ReadOnlySpan<float> samples, int start, Span<float> windowed)
    {
        int last = samples.Length - 1;
        for (int i = 0; i < windowed.Length; i++)
        {
            int index = start + i;
            float value;
            if ((uint)index <= (uint)last)
            {
                value = samples[index];
            }
            else if (PadMode == PadMode.Constant)
            {
                value = 0f;
            }
            else
            {
                // FrameCount guaranteed pad <= last, so one reflection lands inside the signal.
                value = samples[index < 0 ? -index : (2 * last) - index];
            }

            windowed[i] = value * _window[i];
        }
    }
}
