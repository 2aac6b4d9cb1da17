namespace Auscult.Server;

/// <summary>What the service says of a clip (OPERATIONS.md: <c>normal</c>, <c>anomalous</c>, <c>input-unfit</c>, <c>no-model</c>).</summary>
public enum Verdict
{
    /// <summary>Scored at or below the threshold.</summary>
    Normal,

    /// <summary>Scored above the threshold.</summary>
    Anomalous,

    /// <summary>The input says nothing about the machine (silence, clipping, a dropout, too short): no score.</summary>
    InputUnfit,

    /// <summary>No model is active for the machine or its type: the clip is stored, not scored.</summary>
    NoModel,
}
