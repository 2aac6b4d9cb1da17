namespace Auscult.Torch.Training;

/// <summary>The state after one training epoch.</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="TrainLoss">Mean squared error over the epoch's training vectors (in training mode, as Keras reports it).</param>
/// <param name="ValidationLoss">Mean squared error over the held-out vectors in inference mode; null without a validation split.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double TrainLoss, double? ValidationLoss, TimeSpan Elapsed);
