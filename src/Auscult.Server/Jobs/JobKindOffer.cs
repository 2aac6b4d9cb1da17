namespace Auscult.Server.Jobs;

/// <summary>One kind of job for a machine type: whether it can start now, and if not why (naming what it needs).</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Available">Whether it can start now.</param>
/// <param name="Reason">Why not; null when it can.</param>
public sealed record JobKindOffer(JobKind Kind, bool Available, string? Reason);
