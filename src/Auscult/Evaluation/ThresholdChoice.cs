namespace Auscult.Evaluation;

/// <summary>
/// A decision threshold and how it was chosen, for a model manifest. Clips with <c>score &gt; Threshold</c> are
/// decided anomalous.
/// </summary>
/// <param name="Threshold">The threshold on anomaly scores.</param>
/// <param name="Method">The selection method.</param>
/// <param name="Parameters">
/// The method's inputs and fitted values by name (e.g. <c>percentile</c>; <c>quantile</c>, <c>shape</c>,
/// <c>location</c>, <c>scale</c> for <see cref="ThresholdMethod.Gamma"/>; <c>objective</c> for the validation methods).
/// </param>
public sealed record ThresholdChoice(double Threshold, ThresholdMethod Method, IReadOnlyDictionary<string, double> Parameters);
