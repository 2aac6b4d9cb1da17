namespace Auscult.Data.Synthesis;

/// <summary>Whether a clip records a machine in its normal state or with a fault.</summary>
public enum ClipLabel
{
    /// <summary>The machine working normally (MIMII folder <c>normal</c>).</summary>
    Normal,

    /// <summary>The machine with a fault (MIMII folder <c>abnormal</c>, DCASE file prefix <c>anomaly</c>).</summary>
    Abnormal,
}
