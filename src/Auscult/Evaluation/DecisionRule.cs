namespace Auscult.Evaluation;

/// <summary>The one rule every decision in Auscult applies, written once.</summary>
public static class DecisionRule
{
    /// <summary>
    /// A clip is anomalous when its score is strictly greater than the threshold, as the DCASE baselines write their
    /// <c>decision_result</c> files; a score equal to the threshold is normal.
    /// </summary>
    public static bool IsAnomalous(double score, double threshold) => score > threshold;
}
