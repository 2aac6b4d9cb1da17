namespace Auscult.Features;

/// <summary>How mel power becomes a logarithmic feature.</summary>
public enum LogScale
{
    /// <summary>
    /// The MIMII and DCASE baselines: <c>20 / power * log10(mel + eps)</c> with eps the float64 machine epsilon
    /// (2.220446049250313e-16). Keeps the absolute level.
    /// </summary>
    Dcase,

    /// <summary>
    /// The AWS sample notebooks: <c>librosa.power_to_db(mel, ref=np.max, top_db=80)</c>, i.e. dB relative to the
    /// clip's loudest bin, floored 80 dB below it. Erases the absolute level.
    /// </summary>
    DbRefMax,
}
