namespace Auscult.Torch.Classifier;

/// <summary>
/// One point of the classifier's search space: the CNN's shape, its input resolution and its learning rate.
/// </summary>
/// <remarks>
/// The network is: an optional average pool over time by <see cref="TimePooling"/> (the input resolution), then one
/// block per entry of <see cref="Channels"/> (3x3 convolution with padding 1, batch normalisation, ReLU, 2x2 max pool),
/// then a pool (<see cref="Pooling"/>: the average over time and frequency, or over time only, keeping each remaining
/// frequency row apart), dropout of <see cref="Dropout"/> and a linear layer to the class logits. Pooling over the
/// whole of time makes the network accept clips of any length.
/// </remarks>
/// <param name="Channels">Output channels of each convolution block, input side first.</param>
/// <param name="TimePooling">Frames averaged into one before the first block: 1 for the full spectrogram, 2 for half the time resolution.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Dropout">Dropout probability before the linear layer.</param>
/// <param name="Pooling">The pool before the linear layer; models saved before this setting existed pooled over both axes.</param>
public sealed record ClassifierConfig(IReadOnlyList<int> Channels, int TimePooling, double LearningRate, double Dropout = 0.3,
    GlobalPooling Pooling = GlobalPooling.TimeAndFrequency)
{
    /// <summary>
    /// A short readable name, e.g. <c>c16-32-64_t2_lr0.001</c>, with <c>_f</c> appended when the pool keeps frequency;
    /// used in progress and reports.
    /// </summary>
    public string Name => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"c{string.Join('-', Channels)}_t{TimePooling}_lr{LearningRate:0.#####}{(Pooling == GlobalPooling.Time ? "_f" : "")}");

    /// <summary>Frequency rows left after the blocks' 2x2 max pools for <paramref name="mels"/> input bands.</summary>
    public int FrequencyRows(int mels) => Channels.Aggregate(mels, (rows, _) => rows / 2);

    /// <summary>Inputs of the linear layer for <paramref name="mels"/> input bands.</summary>
    public int PooledFeatures(int mels) => Channels[^1] * (Pooling == GlobalPooling.Time ? FrequencyRows(mels) : 1);

    /// <summary>
    /// Trainable parameters of the network for <paramref name="classCount"/> classes and <paramref name="mels"/> input
    /// bands (the search's tie-breaker).
    /// </summary>
    public long ParameterCount(int classCount, int mels)
    {
        long count = 0;
        int inputs = 1;
        foreach (int c in Channels)
        {
            count += (inputs * 9L * c) + c; // convolution weights and bias
            count += 2L * c; // batch normalisation scale and shift
            inputs = c;
        }

        return count + (PooledFeatures(mels) * (long)classCount) + classCount;
    }

    /// <summary>Throws an <see cref="AuscultException"/> naming the first setting out of range.</summary>
    public ClassifierConfig Validate()
    {
        if (Channels is null || Channels.Count == 0 || Channels.Any(c => c < 1))
        {
            throw new ConfigurationException("A classifier needs at least one convolution block, each with a positive channel count.");
        }

        if (TimePooling < 1)
        {
            throw new ConfigurationException($"Time pooling {TimePooling} must be at least 1.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ConfigurationException($"Learning rate {LearningRate} must be a positive number.");
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ConfigurationException($"Dropout {Dropout} must lie in [0, 1).");
        }

        if (!Enum.IsDefined(Pooling))
        {
            throw new ConfigurationException($"Unknown pooling {Pooling}.");
        }

        return this;
    }
}

/// <summary>What the classifier averages its last feature maps over before the linear layer.</summary>
public enum GlobalPooling
{
    /// <summary>Time and frequency: one value per channel, blind to where in the spectrum a pattern sits.</summary>
    TimeAndFrequency,

    /// <summary>Time only: one value per channel and remaining frequency row, so the layer knows which band a pattern is in.</summary>
    Time,
}
