using System.Text.Json.Serialization;
using Auscult.Evaluation;

namespace Auscult.Torch.Bundles;

/// <summary>The decision threshold stored with a model, and how it was chosen (computed elsewhere, stored as given).</summary>
/// <param name="Value">Scores above this are anomalous.</param>
/// <param name="Method">How it was chosen; written by its command-line name (<c>gamma</c>, <c>max-f1</c>, ...).</param>
/// <param name="Parameters">The method's parameters by name, e.g. <c>quantile: 0.9</c>.</param>
public sealed record ThresholdSpec(
    double Value,
    [property: JsonConverter(typeof(ThresholdMethodJsonConverter))] ThresholdMethod Method,
    IReadOnlyDictionary<string, double> Parameters);
