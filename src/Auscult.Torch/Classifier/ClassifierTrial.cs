namespace Auscult.Torch.Classifier;

/// <summary>One configuration tried by the search, and how it did.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="ValidationF1">Validation F1 of its best epoch (the model it would contribute).</param>
/// <param name="ValidationLoss">Validation loss of that epoch.</param>
/// <param name="BestEpoch">The epoch whose weights were kept, from 1.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Seconds">Wall time of the trial, by the search's clock.</param>
/// <param name="StoppedBy">
/// Why it ended: <c>max-epochs</c>, <c>early-stopping</c>, <c>budget</c>, or <c>non-finite</c> (a training loss or a
/// validation probability was NaN or infinite; the epochs before it still count, and a trial without any finite
/// epoch (<see cref="BestEpoch"/> 0) contributes no model).
/// </param>
/// <param name="TrainLosses">Training loss of every epoch, for the report's training curves (null in older bundles).</param>
/// <param name="ValidationLosses">Validation loss of every epoch (null in older bundles).</param>
/// <param name="ValidationF1s">Validation F1 of every epoch, the quantity the kept epoch is chosen by (null in older bundles).</param>
public sealed record ClassifierTrial(ClassifierConfig Config, double ValidationF1, double ValidationLoss, int BestEpoch, int Epochs, double Seconds, string StoppedBy,
    IReadOnlyList<double>? TrainLosses = null, IReadOnlyList<double>? ValidationLosses = null, IReadOnlyList<double>? ValidationF1s = null)
{
    /// <summary>Whether the trial produced a model: at least one epoch validated with finite numbers.</summary>
    public bool Completed => BestEpoch > 0;
}
