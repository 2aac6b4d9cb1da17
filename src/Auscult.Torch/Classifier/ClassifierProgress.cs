namespace Auscult.Torch.Classifier;

/// <summary>The state after one epoch of one trial.</summary>
/// <param name="Trial">The trial, from 1.</param>
/// <param name="Config">The trial's configuration name (<see cref="ClassifierConfig.Name"/>).</param>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="TrainLoss">Mean class-weighted cross-entropy over the epoch's (augmented) training images.</param>
/// <param name="ValidationLoss">Mean class-weighted cross-entropy over the validation images, in inference mode.</param>
/// <param name="ValidationF1">Best F1 (anomaly positive) over thresholds on the validation images' anomaly probabilities.</param>
/// <param name="Elapsed">Time since the search (or the single training run) started.</param>
public sealed record ClassifierProgress(int Trial, string Config, int Epoch, double TrainLoss, double ValidationLoss, double ValidationF1, TimeSpan Elapsed);
