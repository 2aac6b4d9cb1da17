using Auscult.Features;

namespace Auscult.Torch.Classifier;

/// <summary>
/// The labelled clips of one training run, checked, split and standardised once and shared by every trial: each clip
/// becomes a row-major [frames x mels] image of its first <see cref="Frames"/> frames (the shortest clip's length).
/// </summary>
internal sealed class TrainingData
{
    private TrainingData()
    {
    }

    public required int Frames { get; init; }

    public required int Mels { get; init; }

    public required int ClassCount { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    public required int[] ClassCounts { get; init; }

    public required int[] Classes { get; init; }

    public required float[][] Images { get; init; }

    public required int[] Train { get; init; }

    public required int[] Validation { get; init; }

    /// <summary>Whether each validation clip (in <see cref="Validation"/> order) is anomalous, i.e. not class 0.</summary>
    public required bool[] ValidationAnomalous { get; init; }

    /// <summary>N / (K * n_c) over the training split: every class weighs the same in the loss.</summary>
    public required float[] ClassWeights { get; init; }

    public required BandNormalization Normalization { get; init; }

    public static TrainingData Prepare(IReadOnlyList<FeatureMatrix> clips, IReadOnlyList<int> classes, IReadOnlyList<string>? classNames, ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(classes);
        if (clips.Count != classes.Count)
        {
            throw new InputException($"{clips.Count} clips but {classes.Count} class labels.");
        }

        if (clips.Count == 0)
        {
            throw new InputException("No training clips.");
        }

        if (classes.Any(c => c < 0))
        {
            throw new InputException("Class indices must not be negative.");
        }

        int classCount = Math.Max(2, classes.Max() + 1);
        var names = classNames ?? (classCount == 2 ? ["normal", "anomaly"] : ["normal", .. Enumerable.Range(1, classCount - 1).Select(c => $"class{c}")]);
        if (names.Count != classCount)
        {
            throw new InputException($"{names.Count} class names for {classCount} classes (indices 0..{classCount - 1}).");
        }

        var counts = new int[classCount];
        foreach (int c in classes)
        {
            counts[c]++;
        }

        if (counts[0] == 0 || counts.Skip(1).Sum() == 0)
        {
            throw new InputException("The classifier needs normal (class 0) and anomalous clips.");
        }

        int mels = clips[0].Columns;
        for (int i = 0; i < clips.Count; i++)
        {
            if (clips[i].Columns != mels)
            {
                throw new InputException($"Clip {i} has {clips[i].Columns} mel bands; clip 0 has {mels}.");
            }
        }

        int frames = clips.Min(c => c.Rows);
        if (frames < 2 || mels < 2)
        {
            throw new InputException($"Clips of {frames} frames x {mels} mel bands are too small for a CNN.");
        }

        var labels = classes.ToArray();
        var (train, validation) = StratifiedSplit.Split(labels, options.ValidationFraction, options.Seed);
        var normalization = BandNormalization.Fit(train.Select(i => clips[i]), mels);
        var images = new float[clips.Count][];
        for (int i = 0; i < clips.Count; i++)
        {
            images[i] = new float[frames * mels];
            normalization.Apply(clips[i], images[i]);
        }

        var trainCounts = new int[classCount];
        foreach (int i in train)
        {
            trainCounts[labels[i]]++;
        }

        int present = trainCounts.Count(n => n > 0);
        var weights = trainCounts.Select(n => n > 0 ? (float)train.Length / (present * n) : 0f).ToArray();

        return new TrainingData
        {
            Frames = frames,
            Mels = mels,
            ClassCount = classCount,
            ClassNames = [.. names],
            ClassCounts = counts,
            Classes = labels,
            Images = images,
            Train = train,
            Validation = validation,
            ValidationAnomalous = [.. validation.Select(i => labels[i] != 0)],
            ClassWeights = weights,
            Normalization = normalization,
        };
    }
}
