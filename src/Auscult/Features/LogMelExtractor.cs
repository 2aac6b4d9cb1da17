using System.Buffers;
using System.Numerics.Tensors;
using Auscult.Audio;
using Auscult.Dsp;

namespace Auscult.Features;

/// <summary>
/// Turns samples into log-mel frames and context vectors as the MIMII and DCASE baselines do. Built once from
/// <see cref="FeatureOptions"/>; holds the STFT plan and the mel filter bank.
/// </summary>
/// <remarks>
/// <para>Matches <c>librosa.feature.melspectrogram(y, sr, n_fft, hop_length, n_mels, fmin, fmax, power, center,
/// pad_mode, htk, norm)</c> (librosa 0.10.1) followed by the baselines' <c>20 / power * log10(mel + eps)</c>
/// (<see cref="LogScale.Dcase"/>) or <c>librosa.power_to_db(mel, ref=np.max, amin=1e-10, top_db)</c>
/// (<see cref="LogScale.DbRefMax"/>), then the DCASE 2020 baseline's context vectors (<see cref="ContextFrames"/>).</para>
/// <para>Thread safety: an instance is immutable and every call rents its scratch from
/// <see cref="ArrayPool{T}.Shared"/>, so one extractor may serve any number of threads at once. Apart from the
/// returned matrix (and, for a multi-channel clip, the selected channel) nothing is allocated per call.</para>
/// </remarks>
public sealed class LogMelExtractor
{
    // float64 machine epsilon as the baselines add it: mel is a float32 array in librosa, so numpy adds the Python
    // float in float32 arithmetic. The golden values confirm it: digital silence gives 10 log10(2^-52) = -156.5 dB.
    private const float DcaseEpsilon = (float)2.220446049250313e-16;

    // librosa.power_to_db's default amin.
    private const float PowerToDbMinimum = 1e-10f;

    private readonly Stft _stft;
    private readonly MelFilterBank _filterBank;
    private readonly float _spectrumPower;

    /// <param name="options">The feature options; validated here (<see cref="FeatureOptions.Validate"/>).</param>
    /// <exception cref="AuscultException">An option is out of range.</exception>
    public LogMelExtractor(FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        if (options.FftSize < 4)
        {
            throw new InputException($"Invalid feature options: FFT size {options.FftSize} must be at least 4.");
        }

        _stft = new Stft(options.FftSize, options.HopLength, options.Center, options.PadMode);
        _filterBank = new MelFilterBank(options.SampleRate, options.FftSize, options.MelBandCount,
            options.MinFrequencyHz, options.EffectiveMaxFrequencyHz, options.MelScale, options.MelNormalization);
        _spectrumPower = (float)options.SpectrumPower;
    }

    /// <summary>The options the features are made with.</summary>
    public FeatureOptions Options { get; }

    /// <summary>The STFT plan.</summary>
    public Stft Stft => _stft;

    /// <summary>The mel filter bank.</summary>
    public MelFilterBank FilterBank => _filterBank;

    /// <summary>Log-mel frames a signal of <paramref name="sampleCount"/> samples gives (see <see cref="Stft.FrameCount"/>).</summary>
    /// <exception cref="AuscultException">The signal is too short for one frame.</exception>
    public int FrameCount(int sampleCount) => _stft.FrameCount(sampleCount);

    /// <summary>Context vectors (rows of <see cref="Extract(ReadOnlySpan{float})"/>) a signal of <paramref name="sampleCount"/> samples gives.</summary>
    /// <exception cref="AuscultException">The signal is too short for one vector.</exception>
    public int VectorCount(int sampleCount) => ContextFrames.VectorCount(FrameCount(sampleCount), Options.ContextFrames);

    /// <summary>The log-mel spectrogram, [frames x <see cref="FeatureOptions.MelBandCount"/>] (librosa's transpose).</summary>
    public FeatureMatrix ExtractLogMel(ReadOnlySpan<float> samples)
    {
        int frames = FrameCount(samples.Length);
        var result = new FeatureMatrix(NewUninitialized(frames * Options.MelBandCount), frames, Options.MelBandCount);
        ExtractLogMel(samples, result.Data);
        return result;
    }

    /// <summary>
    /// Writes the log-mel spectrogram into <paramref name="logMel"/>, row-major [frames x mels]: the hot path.
    /// Allocates nothing.
    /// </summary>
    /// <param name="samples">The signal at <see cref="FeatureOptions.SampleRate"/>.</param>
    /// <param name="logMel">At least <c>FrameCount(samples.Length) * MelBandCount</c> floats; a longer span is used from its start.</param>
    public void ExtractLogMel(ReadOnlySpan<float> samples, Span<float> logMel)
    {
        int frames = FrameCount(samples.Length);
        int bands = Options.MelBandCount;
        if (logMel.Length < (long)frames * bands)
        {
            throw new ArgumentException($"The output holds {logMel.Length} values; {frames} frames x {bands} bands are needed.", nameof(logMel));
        }

        Span<float> output = logMel[..(frames * bands)];
        int bins = _stft.BinCount;
        float[] scratch = ArrayPool<float>.Shared.Rent(_stft.ScratchLength + bins);
        try
        {
            Span<float> stftScratch = scratch.AsSpan(0, _stft.ScratchLength);
            Span<float> power = scratch.AsSpan(_stft.ScratchLength, bins);
            for (int t = 0; t < frames; t++)
            {
                // Frame by frame so the spectrum stays in L1; only the mel energies reach the output.
                _stft.PowerFrame(samples, t, power, stftScratch, _spectrumPower);
                _filterBank.Apply(power, output.Slice(t * bands, bands));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }

        ToLogScale(output);
    }

    /// <summary>
    /// The feature vectors: log-mel frames stacked <see cref="FeatureOptions.ContextFrames"/> at a time,
    /// [vectors x <see cref="FeatureOptions.VectorLength"/>]. With one context frame this is the log-mel spectrogram.
    /// </summary>
    /// <remarks>
    /// The result of a 10-s clip is about 0.8 MB, a large-object-heap array whose collections cost roughly a third of
    /// the extraction (ClipFeatureBenchmarks); loops over many clips should reuse a buffer with
    /// <see cref="Extract(ReadOnlySpan{float}, Span{float})"/>.
    /// </remarks>
    public FeatureMatrix Extract(ReadOnlySpan<float> samples)
    {
        int rows = VectorCount(samples.Length);
        var result = new FeatureMatrix(NewUninitialized(rows * Options.VectorLength), rows, Options.VectorLength);
        Extract(samples, result.Data);
        return result;
    }

    /// <summary>
    /// Writes the feature vectors into <paramref name="vectors"/>, row-major [vectors x
    /// <see cref="FeatureOptions.VectorLength"/>]. Allocates nothing (the log-mel frames go to pooled scratch).
    /// </summary>
    public void Extract(ReadOnlySpan<float> samples, Span<float> vectors)
    {
        int k = Options.ContextFrames;
        if (k == 1)
        {
            ExtractLogMel(samples, vectors);
            return;
        }

        int frames = FrameCount(samples.Length);
        int bands = Options.MelBandCount;
        int rows = ContextFrames.VectorCount(frames, k);
        if (vectors.Length < (long)rows * bands * k)
        {
            throw new ArgumentException($"The output holds {vectors.Length} values; {rows} vectors x {bands * k} are needed.", nameof(vectors));
        }

        float[] logMel = ArrayPool<float>.Shared.Rent(frames * bands);
        try
        {
            ExtractLogMel(samples, logMel);
            ContextFrames.Stack(logMel.AsSpan(0, frames * bands), frames, bands, k, vectors);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logMel);
        }
    }

    /// <summary>The feature vectors of the channel <see cref="FeatureOptions.Channel"/> selects.</summary>
    /// <exception cref="AudioFormatException">
    /// The clip's sample rate differs from <see cref="FeatureOptions.SampleRate"/> (resample when loading), or the
    /// selected channel does not exist.
    /// </exception>
    public FeatureMatrix Extract(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate != Options.SampleRate)
        {
            throw new AudioFormatException(clip.Source,
                $"the recording is sampled at {clip.SampleRate} Hz but the features need {Options.SampleRate} Hz; resample it when loading.");
        }

        // A mono clip is used in place: channel 0 and the mean are the samples themselves.
        bool inPlace = clip.ChannelCount == 1 && (Options.Channel.IsMean || Options.Channel.Index == 0);
        return inPlace ? Extract(clip.Interleaved) : Extract(clip.Select(Options.Channel));
    }

    // Every value is written before the matrix is returned, so zeroing the (large-object-heap) array first is waste:
    // ClipFeatureBenchmarks measured it at about a quarter of a whole clip's time.
    private static float[] NewUninitialized(int length) => GC.AllocateUninitializedArray<float>(length);

    /// <summary>
    /// The <see cref="LogScale.Dcase"/> scale in place, element by element: 20 / power * log10(mel + eps). Shared with
    /// <see cref="StreamingLogMelExtractor"/>, which applies it frame by frame.
    /// </summary>
    internal void ToDcaseLogScale(Span<float> mel)
    {
        // All in float32, as numpy evaluates it on librosa's float32 mel.
        TensorPrimitives.Add(mel, DcaseEpsilon, mel);
        TensorPrimitives.Log10(mel, mel);
        TensorPrimitives.Multiply(mel, (float)(20.0 / Options.SpectrumPower), mel);
    }

    private void ToLogScale(Span<float> mel)
    {
        if (Options.LogScale == LogScale.Dcase)
        {
            ToDcaseLogScale(mel);
            return;
        }

        // power_to_db(S, ref=max, amin, top_db): 10 log10(max(amin, S)) - 10 log10(max(amin, ref)), then floored at
        // top_db below its maximum. The reference term is a float64 scalar in numpy, subtracted in float32.
        float reference = mel.Length == 0 ? 0f : TensorPrimitives.Max(mel);
        float referenceDb = (float)(10.0 * Math.Log10(Math.Max(PowerToDbMinimum, reference)));
        TensorPrimitives.Max(mel, PowerToDbMinimum, mel);
        TensorPrimitives.Log10(mel, mel);
        TensorPrimitives.Multiply(mel, 10f, mel);
        TensorPrimitives.Subtract(mel, referenceDb, mel);
        float floor = TensorPrimitives.Max(mel) - (float)Options.TopDb;
        TensorPrimitives.Max(mel, floor, mel);
    }
}
