namespace Auscult.Dsp;

/// <summary>The Hz-to-mel mapping (librosa's <c>htk</c> flag).</summary>
public enum MelScale
{
    /// <summary>Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above (<c>htk=False</c>, librosa's default).</summary>
    Slaney,

    /// <summary><c>2595 * log10(1 + f / 700)</c> (<c>htk=True</c>).</summary>
    Htk,
}
