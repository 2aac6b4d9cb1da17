using Auscult.Features;

namespace Auscult.Reports;

/// <summary>
/// A spectrogram to draw: a [frames x bins] matrix of levels in dB, with what is needed to put seconds and hertz on
/// the axes. Without <see cref="MelBandCentresHz"/> the columns are linear STFT bins 0..FftSize/2; with it they are
/// mel bands whose centre frequencies label the frequency axis.
/// </summary>
/// <remarks>
/// Frame i is drawn centred at i x HopLength / SampleRate seconds, as librosa places frames computed with
/// <c>center=True</c>; bin k of an STFT is centred at k x SampleRate / FftSize Hz.
/// </remarks>
public sealed record SpectrogramData
{
    /// <param name="levelsDb">One row per frame, one column per frequency bin or mel band, in dB.</param>
    /// <param name="sampleRate">Sample rate of the audio (Hz).</param>
    /// <param name="hopLength">Samples between frame starts.</param>
    /// <param name="melBandCentresHz">Centre frequency of each mel band (Hz), one per column; null for STFT bins.</param>
    /// <exception cref="ArgumentException">Empty matrix, non-positive rate or hop, or band centres that do not match the columns.</exception>
    public SpectrogramData(FeatureMatrix levelsDb, int sampleRate, int hopLength, IReadOnlyList<double>? melBandCentresHz = null)
    {
        ArgumentNullException.ThrowIfNull(levelsDb);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        if (levelsDb.Rows == 0 || levelsDb.Columns == 0)
        {
            throw new ArgumentException($"A spectrogram needs at least one frame and one bin; got {levelsDb.Rows} x {levelsDb.Columns}.", nameof(levelsDb));
        }

        if (melBandCentresHz is null && levelsDb.Columns < 2)
        {
            throw new ArgumentException("An STFT spectrogram needs at least two bins (DC and Nyquist).", nameof(levelsDb));
        }

        if (melBandCentresHz is not null && melBandCentresHz.Count != levelsDb.Columns)
        {
            throw new ArgumentException(
                $"{melBandCentresHz.Count} band centre frequencies for {levelsDb.Columns} mel bands.", nameof(melBandCentresHz));
        }

        if (levelsDb.Data.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("The spectrogram holds NaN or infinite levels; convert with a floor (amin) first.", nameof(levelsDb));
        }

        LevelsDb = levelsDb;
        SampleRate = sampleRate;
        HopLength = hopLength;
        MelBandCentresHz = melBandCentresHz;
    }

    public FeatureMatrix LevelsDb { get; }

    /// <summary>Sample rate of the audio (Hz).</summary>
    public int SampleRate { get; }

    /// <summary>Samples between frame starts.</summary>
    public int HopLength { get; }

    /// <summary>Centre frequency of each mel band (Hz), or null for linear STFT bins.</summary>
    public IReadOnlyList<double>? MelBandCentresHz { get; }

    /// <summary>True when the columns are mel bands.</summary>
    public bool IsMel => MelBandCentresHz is not null;

    /// <summary>Seconds between frames.</summary>
    public double FrameSeconds => (double)HopLength / SampleRate;

    /// <summary>Hertz between STFT bins: the columns span 0..SampleRate/2, so the FFT size is 2 (bins - 1).</summary>
    public double BinHz => SampleRate / 2.0 / (LevelsDb.Columns - 1);
}
