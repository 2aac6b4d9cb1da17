namespace Auscult.Torch.Bundles;

/// <summary>The decision threshold stored with a model, and how it was chosen (computed elsewhere, stored as given).</summary>
/// <param name="Value">Scores above this are anomalous.</param>
/// <param name="Method">The method's name, e.g. <c>gamma-quantile</c>.</param>
/// <param name="Parameters">The method's parameters by name, e.g. <c>quantile: 0.9</c>.</param>
public sealed record ThresholdSpec(double Value, string Method, IReadOnlyDictionary<string, double> Parameters);
