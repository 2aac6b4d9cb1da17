using Auscult.Audio;
using Auscult.Dsp;

namespace Auscult.Features;

/// <summary>
/// Everything that determines a feature matrix. Two extractors with equal options produce identical features; a
/// model records the options it was trained with and refuses features made with others.
/// </summary>
/// <remarks>
/// The librosa names, written once:
/// <list type="table">
/// <item><term><c>sr</c></term><description><see cref="SampleRate"/></description></item>
/// <item><term><c>n_fft</c></term><description><see cref="FftSize"/> (also the window length)</description></item>
/// <item><term><c>hop_length</c></term><description><see cref="HopLength"/></description></item>
/// <item><term><c>n_mels</c></term><description><see cref="MelBandCount"/></description></item>
/// <item><term><c>fmin</c>, <c>fmax</c></term><description><see cref="MinFrequencyHz"/>, <see cref="MaxFrequencyHz"/></description></item>
/// <item><term><c>power</c></term><description><see cref="SpectrumPower"/></description></item>
/// <item><term><c>center</c>, <c>pad_mode</c></term><description><see cref="Center"/>, <see cref="PadMode"/></description></item>
/// <item><term><c>htk</c>, <c>norm</c></term><description><see cref="MelScale"/>, <see cref="MelNormalization"/></description></item>
/// <item><term><c>frames</c> (DCASE baseline)</term><description><see cref="ContextFrames"/></description></item>
/// </list>
/// The defaults are the DCASE 2020 Task 2 baseline's: 16 kHz, n_fft 1024, hop 512, 128 mels, power 2, 5 frames,
/// reflect padding (the librosa of that baseline), channel 0.
/// </remarks>
public sealed record FeatureOptions
{
    /// <summary>The rate (Hz) features are computed at; recordings at another rate are resampled. Default 16000.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>FFT size and Hann window length (samples). Default 1024.</summary>
    public int FftSize { get; init; } = 1024;

    /// <summary>Samples between frame starts. Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Number of mel bands. Default 128.</summary>
    public int MelBandCount { get; init; } = 128;

    /// <summary>Lowest mel band edge (Hz). Default 0.</summary>
    public double MinFrequencyHz { get; init; }

    /// <summary>Highest mel band edge (Hz); null means the Nyquist frequency. Default null.</summary>
    public double? MaxFrequencyHz { get; init; }

    /// <summary>Exponent applied to the magnitude spectrum: 1 for magnitude, 2 for power. Default 2.</summary>
    public double SpectrumPower { get; init; } = 2.0;

    /// <summary>Whether frames are centred on <c>t * HopLength</c> by padding <c>FftSize / 2</c> on each side. Default true.</summary>
    public bool Center { get; init; } = true;

    /// <summary>Padding used when <see cref="Center"/> is true. Default <see cref="PadMode.Reflect"/>.</summary>
    public PadMode PadMode { get; init; } = PadMode.Reflect;

    /// <summary>Hz-to-mel mapping. Default <see cref="MelScale.Slaney"/>.</summary>
    public MelScale MelScale { get; init; } = MelScale.Slaney;

    /// <summary>Band normalisation. Default <see cref="MelNormalization.Slaney"/>.</summary>
    public MelNormalization MelNormalization { get; init; } = MelNormalization.Slaney;

    /// <summary>Log scaling. Default <see cref="LogScale.Dcase"/>.</summary>
    public LogScale LogScale { get; init; } = LogScale.Dcase;

    /// <summary>Dynamic range kept by <see cref="LogScale.DbRefMax"/> (dB, librosa's <c>top_db</c>). Default 80.</summary>
    public double TopDb { get; init; } = 80.0;

    /// <summary>
    /// Consecutive frames concatenated into one feature vector (the DCASE baseline's <c>frames</c>); 1 gives one row
    /// per frame. Default 5.
    /// </summary>
    public int ContextFrames { get; init; } = 5;

    /// <summary>The channel that feeds the features. Default channel 0, as the baselines.</summary>
    public ChannelSelection Channel { get; init; } = ChannelSelection.First;

    /// <summary>The upper band edge actually used (Hz).</summary>
    public double EffectiveMaxFrequencyHz => MaxFrequencyHz ?? SampleRate / 2.0;

    /// <summary>Width of one feature row: <c>MelBandCount * ContextFrames</c>.</summary>
    public int VectorLength => MelBandCount * ContextFrames;

    /// <summary>The DCASE 2020 Task 2 baseline: 128 mels x 5 frames (640 inputs).</summary>
    public static FeatureOptions Dcase2020 { get; } = new();

    /// <summary>The MIMII baseline (and the AWS sample): 64 mels x 5 frames (320 inputs).</summary>
    public static FeatureOptions Mimii { get; } = new() { MelBandCount = 64 };

    /// <summary>Throws an <see cref="AuscultException"/> naming the first option out of range.</summary>
    public FeatureOptions Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ConfigurationException($"Invalid feature options: {message}");
            }
        }

        Require(SampleRate > 0, $"sample rate {SampleRate} Hz must be positive.");
        Require(FftSize >= 2 && (FftSize & (FftSize - 1)) == 0, $"FFT size {FftSize} must be a power of two of at least 2.");
        Require(HopLength > 0, $"hop length {HopLength} must be positive.");
        Require(MelBandCount > 0, $"mel band count {MelBandCount} must be positive.");
        Require(MinFrequencyHz >= 0, $"minimum frequency {MinFrequencyHz} Hz must not be negative.");
        Require(EffectiveMaxFrequencyHz > MinFrequencyHz && EffectiveMaxFrequencyHz <= SampleRate / 2.0,
            $"maximum frequency {EffectiveMaxFrequencyHz} Hz must lie above the minimum ({MinFrequencyHz} Hz) and at most at Nyquist ({SampleRate / 2.0} Hz).");
        Require(SpectrumPower > 0, $"spectrum power {SpectrumPower} must be positive.");
        Require(TopDb > 0, $"top dB {TopDb} must be positive.");
        Require(ContextFrames >= 1, $"context frames {ContextFrames} must be at least 1.");
        return this;
    }
}
