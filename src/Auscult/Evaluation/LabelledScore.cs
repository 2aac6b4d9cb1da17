namespace Auscult.Evaluation;

/// <summary>One scored clip for aggregation: its group (a machine id or section), its label and its score.</summary>
/// <param name="Group">The group the clip is evaluated in, e.g. <c>fan/id_00</c> or <c>valve/section_00</c>.</param>
/// <param name="IsAnomaly">True for an anomalous clip.</param>
/// <param name="Score">The anomaly score.</param>
public readonly record struct LabelledScore(string Group, bool IsAnomaly, double Score);
