namespace Auscult.Reports;

/// <summary>
/// The headline metrics of one model on one test set, as shown in the report's metrics table. Rates may be NaN when
/// undefined (precision with no clip judged anomalous); the report prints them as "n/a".
/// </summary>
/// <param name="Name">What was evaluated, e.g. the model name or "fan id_00".</param>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="PartialAuc">Partial AUC up to the FPR bound (DCASE: 0.1).</param>
/// <param name="Threshold">The decision threshold on the anomaly score.</param>
/// <param name="ThresholdMethod">How the threshold was chosen, e.g. "gamma fit, 90th percentile of training scores".</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Accuracy">(TP + TN) / all.</param>
/// <param name="Confusion">The counts behind the rates.</param>
public sealed record MetricsRow(
    string Name,
    double Auc,
    double PartialAuc,
    double Threshold,
    string ThresholdMethod,
    double Precision,
    double Recall,
    double F1,
    double Accuracy,
    ConfusionCounts Confusion);
