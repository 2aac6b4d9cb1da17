using Auscult.Features;
using Auscult.Torch.Bundles;
using TorchSharp;
using static TorchSharp.torch;

namespace Auscult.Torch.Classifier;

/// <summary>
/// A trained spectrogram CNN classifier with its input standardisation, class names and decision threshold. Owns
/// native memory: dispose it. Not thread-safe; give each scoring thread its own instance.
/// </summary>
public sealed class ClassifierModel : IDisposable
{
    private float[] _image = [];

    internal ClassifierModel(SpectrogramCnn module, IReadOnlyList<string> classNames, BandNormalization normalization,
        ThresholdSpec threshold, ClassifierTrainingSummary training)
    {
        Module = module;
        ClassNames = classNames;
        Normalization = normalization;
        Threshold = threshold;
        Training = training;
    }

    /// <summary>The network's configuration.</summary>
    public ClassifierConfig Config => Module.Config;

    /// <summary>Class names in class-index order; index 0 is the normal class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Mel bands of the log-mel input.</summary>
    public int MelBandCount => Normalization.Means.Count;

    /// <summary>The per-band input standardisation fitted on the training split.</summary>
    public BandNormalization Normalization { get; }

    /// <summary>
    /// The decision threshold on <see cref="AnomalyProbability"/>: clips above it are anomalous. Chosen on the
    /// validation clips by maximum F1 (<see cref="Evaluation.ThresholdSelector.MaxF1"/>).
    /// </summary>
    public ThresholdSpec Threshold { get; }

    /// <summary>How the model was trained, including every trial of the search.</summary>
    public ClassifierTrainingSummary Training { get; }

    /// <summary>Shortest clip, in frames, the network accepts (every max pool must keep at least one frame).</summary>
    public int MinimumFrames => SpectrogramCnn.MinimumInput(Config).Frames;

    internal SpectrogramCnn Module { get; }

    /// <summary>1 - P(normal) for one clip's log-mel matrix, [frames x mels]; any length from <see cref="MinimumFrames"/>.</summary>
    public double AnomalyProbability(FeatureMatrix logMel) => 1 - ClassProbabilities(logMel)[0];

    /// <summary>Whether <see cref="AnomalyProbability"/> is above <see cref="Threshold"/>.</summary>
    public bool IsAnomalous(FeatureMatrix logMel) => AnomalyProbability(logMel) > Threshold.Value;

    /// <summary>The softmax probability of each class (in <see cref="ClassNames"/> order) for one clip's log-mel matrix.</summary>
    /// <exception cref="AuscultException">The clip has the wrong number of mel bands or too few frames.</exception>
    public double[] ClassProbabilities(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        int mels = MelBandCount;
        if (logMel.Columns != mels)
        {
            throw new AuscultException($"The clip has {logMel.Columns} mel bands; the classifier expects {mels}.");
        }

        if (logMel.Rows < MinimumFrames)
        {
            throw new AuscultException($"The clip has {logMel.Rows} frames; the classifier needs at least {MinimumFrames}.");
        }

        // One managed buffer reused across clips of one length; the tensor copies it.
        int length = logMel.Rows * mels;
        if (_image.Length != length)
        {
            _image = new float[length];
        }

        Normalization.Apply(logMel, _image);
        Module.eval();
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var input = tensor(_image, [1, 1, logMel.Rows, mels]);
        var probabilities = nn.functional.softmax(Module.call(input), 1).to_type(ScalarType.Float64);
        return probabilities.data<double>().ToArray();
    }

    /// <summary>All weights and buffers as named float arrays (state-dict order), e.g. to compare two models.</summary>
    public IReadOnlyList<KeyValuePair<string, float[]>> GetWeights()
    {
        using var scope = NewDisposeScope();
        return Module.state_dict()
            .Select(kv => new KeyValuePair<string, float[]>(kv.Key, kv.Value.to_type(ScalarType.Float32).data<float>().ToArray()))
            .ToList();
    }

    public void Dispose() => Module.Dispose();
}
