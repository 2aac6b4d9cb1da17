namespace Auscult.Server.Alerts;

/// <summary>How the engine judged a clip: what the service stores in the clip's score row and answers the sender.</summary>
/// <param name="Verdict">The verdict against <paramref name="Threshold"/> (the machine's own threshold when it has one for the model).</param>
/// <param name="Threshold">The threshold the clip was judged against; null when it was not scored.</param>
/// <param name="ThresholdSource">Where that threshold came from; null when it is the model's own.</param>
/// <param name="AlertId">The machine or input alert the clip opened, escalated or joined; null when none.</param>
public sealed record ClipAssessment(Verdict Verdict, double? Threshold, ThresholdSource? ThresholdSource, string? AlertId);
