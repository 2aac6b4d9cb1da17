namespace Auscult.Agent.Spool;

/// <summary>A clip held in the spool: its position in delivery order and its metadata.</summary>
/// <param name="Sequence">The spool's order: smaller is older and is delivered first.</param>
/// <param name="Metadata">What travels with the audio.</param>
public sealed record SpooledClip(long Sequence, ClipMetadata Metadata);
