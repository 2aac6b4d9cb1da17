namespace Auscult.Dsp;

/// <summary>How a centred STFT pads the signal by <c>FftSize / 2</c> on each side (librosa's <c>pad_mode</c>).</summary>
public enum PadMode
{
    /// <summary>Mirror without repeating the edge sample (numpy <c>reflect</c>); librosa's default before 0.10 and the DCASE 2020 baseline's.</summary>
    Reflect,

    /// <summary>Zeros; librosa's default from 0.10.</summary>
    Constant,
}
