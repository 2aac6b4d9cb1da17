namespace Auscult.Torch.Training;

/// <summary>
/// Anomaly scores of normal training clips under models that did not train on them (see <see cref="CrossFitter"/>):
/// an estimate of how the final model scores normal clips it has never heard.
/// </summary>
/// <param name="Clips">Index of each scored clip among the training clips, ascending.</param>
/// <param name="Scores">Each scored clip's out-of-fold score, in the order of <see cref="Clips"/>.</param>
/// <param name="Folds">Folds the clips were split into.</param>
/// <param name="FoldsTrained">Folds whose model was trained (and whose clips were scored).</param>
/// <param name="Elapsed">Wall time of the fold models' training and scoring.</param>
public sealed record UnseenScores(IReadOnlyList<int> Clips, IReadOnlyList<double> Scores, int Folds, int FoldsTrained, TimeSpan Elapsed);
