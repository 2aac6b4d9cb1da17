namespace Auscult.Torch.Classifier;

/// <summary>The search space of <see cref="ClassifierTrainer.TrainAuto"/> and the order it is tried in.</summary>
public static class ClassifierSearch
{
    /// <summary>Three network sizes: 3 blocks of 8-16-32 channels, 3 of 16-32-64, 4 of 16-32-64-128.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Architectures { get; } = [[8, 16, 32], [16, 32, 64], [16, 32, 64, 128]];

    /// <summary>Input resolutions: half the frames (averaged in pairs), then the full spectrogram.</summary>
    public static IReadOnlyList<int> TimePoolings { get; } = [2, 1];

    /// <summary>Adam learning rates.</summary>
    public static IReadOnlyList<double> LearningRates { get; } = [1e-3, 3e-3];

    /// <summary>
    /// Every combination (12), in the order the search tries them for <paramref name="seed"/>: first the middle
    /// network at half time resolution and learning rate 1e-3 (cheap and a sound default, so even a short budget
    /// ends with a good model), then the rest in an order shuffled by the seed alone.
    /// </summary>
    public static IReadOnlyList<ClassifierConfig> Space(int seed)
    {
        var all = (from channels in Architectures
                   from pooling in TimePoolings
                   from rate in LearningRates
                   select new ClassifierConfig(channels, pooling, rate)).ToList();
        var first = all[(1 * TimePoolings.Count * LearningRates.Count) + 0];
        var rest = all.Where(c => !ReferenceEquals(c, first)).ToArray();
        new Random(unchecked(seed ^ 0x5EA2C4)).Shuffle(rest);
        return [first, .. rest];
    }
}
