namespace Auscult.Torch.Classifier;

/// <summary>The search space of <see cref="ClassifierTrainer.TrainAuto"/> and the order it is tried in.</summary>
public static class ClassifierSearch
{
    /// <summary>Three network sizes: 3 blocks of 8-16-32 channels, 3 of 16-32-64, 4 of 16-32-64-128.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Architectures { get; } = [[8, 16, 32], [16, 32, 64], [16, 32, 64, 128]];

    /// <summary>
    /// Input resolutions: frames averaged in eights, fours or pairs. Machine sounds are steady, so the coarser inputs
    /// lose little: on a 1,800-clip synthetic fan set the 16-32-64 network reached test ROC AUC 0.969 at 8, 0.970 at 4
    /// and 0.964 at 2, training in 88 s, 131 s and 475 s (README). The full resolution cost 2x the pairs for no gain.
    /// </summary>
    public static IReadOnlyList<int> TimePoolings { get; } = [8, 4, 2];

    /// <summary>Adam learning rates.</summary>
    public static IReadOnlyList<double> LearningRates { get; } = [1e-3, 3e-3];

    /// <summary>
    /// Every combination (18), in the order the search tries them for <paramref name="seed"/>: first the middle
    /// network at the coarsest time resolution and learning rate 1e-3 (the cheapest sound default, so even a short
    /// budget ends with a good model), then the rest in an order shuffled by the seed alone.
    /// </summary>
    public static IReadOnlyList<ClassifierConfig> Space(int seed)
    {
        var all = (from channels in Architectures
                   from pooling in TimePoolings
                   from rate in LearningRates
                   select new ClassifierConfig(channels, pooling, rate)).ToList();
        var first = all[(1 * TimePoolings.Count * LearningRates.Count) + 0]; // 16-32-64, pooling 8, 1e-3
        var rest = all.Where(c => !ReferenceEquals(c, first)).ToArray();
        new Random(unchecked(seed ^ 0x5EA2C4)).Shuffle(rest);
        return [first, .. rest];
    }
}
