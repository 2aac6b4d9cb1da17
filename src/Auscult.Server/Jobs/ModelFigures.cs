namespace Auscult.Server.Jobs;

/// <summary>One model's figures on a job's labelled test clips (from its <c>EvaluationSummary</c>).</summary>
/// <param name="ModelId">The model's id.</param>
/// <param name="Kind"><c>autoencoder</c> or <c>classifier</c>.</param>
/// <param name="Auc">ROC AUC; null when undefined.</param>
/// <param name="PartialAuc">pAUC up to the summary's false-positive rate.</param>
/// <param name="Threshold">The model's own threshold.</param>
/// <param name="Precision">At the threshold.</param>
/// <param name="Recall">At the threshold.</param>
/// <param name="F1">At the threshold.</param>
/// <param name="FalsePositives">Normal clips called anomalous.</param>
/// <param name="FalseNegatives">Anomalous clips called normal.</param>
/// <param name="Unfit">Test clips whose input could not be judged (left out of the figures).</param>
public sealed record ModelFigures(string ModelId, string Kind, double? Auc, double? PartialAuc, double? Threshold, double Precision, double Recall, double F1,
    int FalsePositives, int FalseNegatives, int Unfit);
