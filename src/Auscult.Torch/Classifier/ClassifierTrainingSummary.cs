namespace Auscult.Torch.Classifier;

/// <summary>How a classifier was trained: stored in its bundle for the report.</summary>
/// <param name="Seed">The seed of the split, weights, batch order, dropout and augmentation.</param>
/// <param name="TrainClips">Clips trained on.</param>
/// <param name="ValidationClips">Clips held out for early stopping, model choice and the threshold.</param>
/// <param name="ClassCounts">Clips per class over both parts, in class order.</param>
/// <param name="Frames">Frames per training image (every clip was cut to the shortest one's length).</param>
/// <param name="BestEpoch">The epoch whose weights were kept, from 1.</param>
/// <param name="ValidationF1">Validation F1 of the kept weights at the stored threshold.</param>
/// <param name="Budget">The search's time budget; null for a single configuration.</param>
/// <param name="Options">The training settings (augmentation, batch size, patience, validation fraction).</param>
/// <param name="Trials">Every configuration tried, in order; the kept one is the best by validation F1 (ties: fewer parameters).</param>
public sealed record ClassifierTrainingSummary(
    int Seed,
    int TrainClips,
    int ValidationClips,
    IReadOnlyList<int> ClassCounts,
    int Frames,
    int BestEpoch,
    double ValidationF1,
    TimeSpan? Budget,
    ClassifierOptions Options,
    IReadOnlyList<ClassifierTrial> Trials);
