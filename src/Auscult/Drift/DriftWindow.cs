namespace Auscult.Drift;

/// <summary>One reported window of a machine's drift: its verdict, the evidence, and what to do.</summary>
/// <param name="Start">The window's start (the earliest time it covers).</param>
/// <param name="End">The window's end: the last clip's time.</param>
/// <param name="Cause">The persisted verdict (what an alert would say).</param>
/// <param name="Candidate">What this window's statistics alone point to, before the persistence rules.</param>
/// <param name="AlertRaised">Whether a drift alert of <paramref name="Cause"/> was raised within this report period.</param>
/// <param name="TooFewClips">Whether the window held fewer clips than its statistics need (then <paramref name="Cause"/> holds the last verdict).</param>
/// <param name="Reasons">The rules that fired, in words.</param>
/// <param name="Recommendation">What an operator should do; never an automatic retrain.</param>
/// <param name="Evidence">The statistics.</param>
public sealed record DriftWindow(DateTimeOffset Start, DateTimeOffset End, DriftCause Cause, DriftCause Candidate, bool AlertRaised, bool TooFewClips,
    IReadOnlyList<string> Reasons, string Recommendation, DriftStatistics Evidence);
