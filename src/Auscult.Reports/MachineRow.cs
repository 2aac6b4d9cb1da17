namespace Auscult.Reports;

/// <summary>One line of the per-machine table: a machine (type and id) with its AUC, pAUC and test clip counts.</summary>
/// <param name="Machine">E.g. "fan id_00".</param>
/// <param name="Auc">Area under the ROC curve on this machine's test clips.</param>
/// <param name="PartialAuc">Partial AUC up to the FPR bound.</param>
/// <param name="NormalClips">Normal test clips.</param>
/// <param name="AnomalyClips">Anomalous test clips.</param>
public sealed record MachineRow(string Machine, double Auc, double PartialAuc, int NormalClips, int AnomalyClips);
