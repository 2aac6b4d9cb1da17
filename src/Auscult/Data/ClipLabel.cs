namespace Auscult.Data;

/// <summary>The ground truth of a clip, as its data set states it.</summary>
public enum ClipLabel
{
    /// <summary>A normal recording (MIMII <c>normal/</c>, DCASE <c>normal_</c>).</summary>
    Normal,

    /// <summary>An anomalous recording (MIMII <c>abnormal/</c>, DCASE <c>anomaly_</c>).</summary>
    Anomaly,

    /// <summary>No label in the data (DCASE evaluation sets).</summary>
    Unknown,
}
