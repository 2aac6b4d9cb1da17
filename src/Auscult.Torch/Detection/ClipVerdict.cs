namespace Auscult.Torch.Detection;

/// <summary>What a detector says of one clip (the service adds <c>no-model</c> where no model is active).</summary>
public enum ClipVerdict
{
    /// <summary>The score is at or below the threshold.</summary>
    Normal,

    /// <summary>The score is above the threshold.</summary>
    Anomalous,

    /// <summary>The input says nothing about the machine (silence, clipping, a dropout, a clip too short ...): no score.</summary>
    InputUnfit,
}
