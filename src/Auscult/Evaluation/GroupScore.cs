namespace Auscult.Evaluation;

/// <summary>The AUC and pAUC of one group (machine id or section).</summary>
/// <param name="Group">The group name.</param>
/// <param name="NormalCount">Normal clips in the group.</param>
/// <param name="AnomalyCount">Anomalous clips in the group.</param>
/// <param name="Auc">Area under the ROC curve (<see cref="RocAuc.Compute"/>).</param>
/// <param name="PartialAuc">Standardised partial AUC (<see cref="RocAuc.Partial"/>).</param>
public sealed record GroupScore(string Group, int NormalCount, int AnomalyCount, double Auc, double PartialAuc);
