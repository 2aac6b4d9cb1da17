using Auscult.Dsp;
using Auscult.Features;

namespace Auscult.Reports;

/// <summary>Turns samples into the dB spectrograms the plots draw, with the same DSP as the features.</summary>
public static class Spectrograms
{
    /// <summary>The STFT power spectrogram in dB (<c>10·log10(power + 1e-10)</c>), [frames x (FftSize/2 + 1)].</summary>
    public static SpectrogramData Stft(ReadOnlySpan<float> samples, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stft = new Stft(options.FftSize, options.HopLength, options.Center, options.PadMode);
        var power = new FeatureMatrix(stft.FrameCount(samples.Length), stft.BinCount);
        stft.PowerSpectrogram(samples, power.Data);
        for (int i = 0; i < power.Data.Length; i++)
        {
            power.Data[i] = 10f * MathF.Log10(power.Data[i] + 1e-10f);
        }

        return new SpectrogramData(power, options.SampleRate, options.HopLength);
    }

    /// <summary>
    /// The log-mel spectrogram in dB as the baselines compute it (<c>10·log10(mel + eps)</c> for power 2), with each
    /// band's centre frequency for the axis, [frames x mel bands].
    /// </summary>
    public static SpectrogramData Mel(ReadOnlySpan<float> samples, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dcase = options with { LogScale = LogScale.Dcase };
        return FromLogMel(new LogMelExtractor(dcase).ExtractLogMel(samples), dcase);
    }

    /// <summary>Wraps a log-mel matrix made with <paramref name="options"/> (dB scales only) for plotting, with band centres.</summary>
    public static SpectrogramData FromLogMel(FeatureMatrix logMel, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        ArgumentNullException.ThrowIfNull(options);
        double[] edges = MelFilterBank.MelFrequencies(options.MelBandCount + 2, options.MinFrequencyHz, options.EffectiveMaxFrequencyHz, options.MelScale);
        return new SpectrogramData(logMel, options.SampleRate, options.HopLength, edges[1..^1]);
    }
}
