namespace Auscult.Evaluation;

/// <summary>
/// The figures of one model's evaluation on labelled test clips, in the one shape every host shows them: the CLI's
/// table and <c>--format json</c>, <c>metrics.json</c>, the HTML report's metrics and per-machine tables, a comparison.
/// </summary>
/// <param name="Model">What was evaluated, e.g. the model file's name.</param>
/// <param name="ModelKind"><c>autoencoder</c> or <c>classifier</c>.</param>
/// <param name="MachineType">The machine type of the test clips.</param>
/// <param name="Clips">Test clips evaluated.</param>
/// <param name="AnomalyClips">Of which anomalous.</param>
/// <param name="Auc">ROC AUC over all clips pooled.</param>
/// <param name="PartialAuc">McClish-standardised pAUC up to <paramref name="MaxFalsePositiveRate"/>.</param>
/// <param name="MaxFalsePositiveRate">The pAUC range (DCASE: 0.1).</param>
/// <param name="Threshold">The decision threshold: anomalous when the score is above it (<see cref="DecisionRule"/>).</param>
/// <param name="ThresholdMethod">How the threshold was chosen, e.g. <c>gamma</c>.</param>
/// <param name="Metrics">Confusion counts and the rates derived from them at <paramref name="Threshold"/>.</param>
/// <param name="PerMachine">AUC and pAUC per machine id or section with their means.</param>
/// <param name="InputUnfit">Test clips left out because their input was unfit to judge (each with the reason).</param>
public sealed record EvaluationSummary(
    string Model,
    string ModelKind,
    string MachineType,
    int Clips,
    int AnomalyClips,
    double Auc,
    double PartialAuc,
    double MaxFalsePositiveRate,
    double Threshold,
    string ThresholdMethod,
    BinaryMetrics Metrics,
    ScoreAggregate PerMachine,
    IReadOnlyList<string> InputUnfit)
{
    /// <summary>The summary of an evaluation.</summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="model">What was evaluated.</param>
    /// <param name="modelKind"><c>autoencoder</c> or <c>classifier</c>.</param>
    /// <param name="machineType">The test clips' machine type.</param>
    /// <param name="thresholdMethod">How the threshold was chosen.</param>
    /// <param name="inputUnfit">Clips left out as unfit, each with its reason; none when null.</param>
    public static EvaluationSummary Of(DetectionEvaluation evaluation, string model, string modelKind, string machineType,
        string thresholdMethod, IReadOnlyList<string>? inputUnfit = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new EvaluationSummary(model, modelKind, machineType, evaluation.Clips.Count, evaluation.Clips.Count(c => c.IsAnomaly),
            evaluation.Auc, evaluation.PartialAuc, evaluation.MaxFalsePositiveRate, evaluation.Threshold, thresholdMethod, evaluation.Metrics,
            evaluation.PerMachine, inputUnfit ?? []);
    }
}
