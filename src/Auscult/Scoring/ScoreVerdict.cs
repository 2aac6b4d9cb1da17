namespace Auscult.Scoring;

/// <summary>What a detector (TorchSharp or managed) says of one clip (OPERATIONS.md's clip verdicts; the service adds <c>no-model</c>).</summary>
public enum ScoreVerdict
{
    /// <summary>The score is at or below the threshold. Written <c>normal</c>.</summary>
    Normal,

    /// <summary>The score is above the threshold. Written <c>anomalous</c>.</summary>
    Anomalous,

    /// <summary>The input says nothing about the machine (silence, clipping, a dropout, too short ...): no score. Written <c>input-unfit</c>.</summary>
    InputUnfit,
}
