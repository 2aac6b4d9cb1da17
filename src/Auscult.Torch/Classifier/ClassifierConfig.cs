namespace Auscult.Torch.Classifier;

/// <summary>
/// One point of the classifier's search space: the CNN's shape, its input resolution and its learning rate.
/// </summary>
/// <remarks>
/// The network is: an optional average pool over time by <see cref="TimePooling"/> (the input resolution), then one
/// block per entry of <see cref="Channels"/> (3x3 convolution with padding 1, batch normalisation, ReLU, 2x2 max pool),
/// then a global average pool over time and frequency, dropout of <see cref="Dropout"/> and a linear layer to the
/// class logits. The global pool makes the network accept clips of any length.
/// </remarks>
/// <param name="Channels">Output channels of each convolution block, input side first.</param>
/// <param name="TimePooling">Frames averaged into one before the first block: 1 for the full spectrogram, 2 for half the time resolution.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Dropout">Dropout probability before the linear layer.</param>
public sealed record ClassifierConfig(IReadOnlyList<int> Channels, int TimePooling, double LearningRate, double Dropout = 0.3)
{
    /// <summary>A short readable name, e.g. <c>c16-32-64_t2_lr0.001</c>, used in progress and reports.</summary>
    public string Name => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"c{string.Join('-', Channels)}_t{TimePooling}_lr{LearningRate:0.#####}");

    /// <summary>Trainable parameters of the network for <paramref name="classCount"/> classes (the search's tie-breaker).</summary>
    public long ParameterCount(int classCount)
    {
        long count = 0;
        int inputs = 1;
        foreach (int c in Channels)
        {
            count += (inputs * 9L * c) + c; // convolution weights and bias
            count += 2L * c; // batch normalisation scale and shift
            inputs = c;
        }

        return count + (inputs * (long)classCount) + classCount;
    }

    /// <summary>Throws an <see cref="AuscultException"/> naming the first setting out of range.</summary>
    public ClassifierConfig Validate()
    {
        if (Channels is null || Channels.Count == 0 || Channels.Any(c => c < 1))
        {
            throw new AuscultException("A classifier needs at least one convolution block, each with a positive channel count.");
        }

        if (TimePooling < 1)
        {
            throw new AuscultException($"Time pooling {TimePooling} must be at least 1.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new AuscultException($"Learning rate {LearningRate} must be a positive number.");
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new AuscultException($"Dropout {Dropout} must lie in [0, 1).");
        }

        return this;
    }
}
