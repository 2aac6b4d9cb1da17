namespace Auscult.Reports;

/// <summary>One configuration a training search tried, as the report's table of trials lists it.</summary>
/// <param name="Name">The configuration's name.</param>
/// <param name="ValidationF1">Validation F1 of its best epoch.</param>
/// <param name="ValidationLoss">Validation loss of that epoch.</param>
/// <param name="BestEpoch">The epoch whose weights it would contribute, from 1; 0 when no epoch validated with finite numbers.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Seconds">Wall time of the trial.</param>
/// <param name="StoppedBy">Why it ended, e.g. <c>max-epochs</c>, <c>early-stopping</c>, <c>budget</c>, <c>non-finite</c>.</param>
/// <param name="Kept">Whether the search kept this configuration's model.</param>
public sealed record TrialRow(string Name, double ValidationF1, double ValidationLoss, int BestEpoch, int Epochs, double Seconds, string StoppedBy, bool Kept)
{
    /// <summary>Whether the trial produced a model: at least one epoch validated with finite numbers.</summary>
    public bool Completed => BestEpoch > 0;
}
