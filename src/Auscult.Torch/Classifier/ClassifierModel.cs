using System.Runtime.InteropServices;
using Auscult.Features;
using Auscult.Torch.Bundles;
using static TorchSharp.torch;

namespace Auscult.Torch.Classifier;

/// <summary>
/// A trained spectrogram CNN classifier with its input standardisation, class names and decision threshold. Owns
/// native memory: dispose it.
/// </summary>
/// <remarks>
/// Thread-safe for scoring: the network is put in evaluation mode once, here, and every call keeps its input in its
/// own tensor, so any number of threads may call <see cref="ClassProbabilities"/>, <see cref="AnomalyProbability"/>
/// and <see cref="Occlusion"/> at once, with the results of one thread.
/// </remarks>
public sealed class ClassifierModel : IDisposable
{
    private const int OcclusionBatchSize = 32;

    internal ClassifierModel(SpectrogramCnn module, IReadOnlyList<string> classNames, BandNormalization normalization,
        ThresholdSpec threshold, ClassifierTrainingSummary training)
    {
        Module = module;
        ClassNames = classNames;
        Normalization = normalization;
        Threshold = threshold;
        Training = training;
        Module.eval(); // once: scoring threads only read the network
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

    /// <summary>Whether the classes name anomaly kinds (more than <c>normal</c> and <c>anomaly</c>).</summary>
    public bool NamesKinds => ClassNames.Count > 2;

    /// <summary>The anomaly class (any but <c>normal</c>) with the highest probability for the clip: its most likely kind.</summary>
    public string MostLikelyAnomalyClass(FeatureMatrix logMel)
    {
        double[] probabilities = ClassProbabilities(logMel);
        int best = 1;
        for (int c = 2; c < probabilities.Length; c++)
        {
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        return ClassNames[best];
    }

    /// <summary>Whether <see cref="AnomalyProbability"/> is above <see cref="Threshold"/>.</summary>
    public bool IsAnomalous(FeatureMatrix logMel) => Evaluation.DecisionRule.IsAnomalous(AnomalyProbability(logMel), Threshold.Value);

    /// <summary>The softmax probability of each class (in <see cref="ClassNames"/> order) for one clip's log-mel matrix.</summary>
    /// <exception cref="AuscultException">The clip has the wrong number of mel bands or too few frames.</exception>
    public double[] ClassProbabilities(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        int mels = MelBandCount;
        if (logMel.Columns != mels)
        {
            throw new ModelException($"The clip has {logMel.Columns} mel bands; the classifier expects {mels}.");
        }

        if (logMel.Rows < MinimumFrames)
        {
            throw new ModelException($"The clip has {logMel.Rows} frames; the classifier needs at least {MinimumFrames}.");
        }

        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var input = StandardisedInput(logMel);
        var probabilities = nn.functional.softmax(Module.call(input), 1).to_type(ScalarType.Float64);
        return probabilities.data<double>().ToArray();
    }

    /// <summary>The clip standardised per band, as a new tensor [1, 1, frames, mels] written in place (no managed copy).</summary>
    private Tensor StandardisedInput(FeatureMatrix logMel)
    {
        var input = empty(1, 1, logMel.Rows, MelBandCount);
        Normalization.Apply(logMel, MemoryMarshal.Cast<byte, float>(input.bytes));
        return input;
    }

    /// <summary>
    /// Where a clip's anomaly probability comes from, by occlusion: the clip is cut into a grid of patches (about
    /// <paramref name="timePatches"/> along time by <paramref name="bandPatches"/> along frequency), each patch in turn is
    /// set to the training mean of its bands (0 after standardisation, what the training masks do), and every cell of
    /// the patch gets the fall in the anomaly log-odds, ln(p / (1 - p)), that hiding it causes, or 0 where hiding it
    /// makes the clip look more anomalous. Large values mark the time-frequency regions that make the model call the
    /// clip anomalous. Log-odds rather than the probability itself, because a confident model's probability sits so
    /// close to 1 that hiding anything moves it by 1e-6 or less.
    /// </summary>
    /// <returns>The clip's anomaly probability and the map of log-odds falls, [frames x mels] like the clip.</returns>
    /// <exception cref="AuscultException">The clip has the wrong number of mel bands or too few frames.</exception>
    public (double Probability, FeatureMatrix Map) Occlusion(FeatureMatrix logMel, int timePatches = 16, int bandPatches = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timePatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bandPatches, 1);
        double probability = AnomalyProbability(logMel); // validates the clip
        int frames = logMel.Rows, mels = MelBandCount, length = frames * mels;
        var image = new float[length];
        Normalization.Apply(logMel, image);
        double baseLogOdds = AnomalyLogOdds(image, 1, frames)[0];
        var frameEdges = Edges(frames, Math.Min(timePatches, frames));
        var bandEdges = Edges(mels, Math.Min(bandPatches, mels));
        var patches = (from t in Enumerable.Range(0, frameEdges.Length - 1)
                       from b in Enumerable.Range(0, bandEdges.Length - 1)
                       select (Frames: (Start: frameEdges[t], End: frameEdges[t + 1]), Bands: (Start: bandEdges[b], End: bandEdges[b + 1]))).ToArray();

        var map = new FeatureMatrix(frames, mels);
        var batch = new float[OcclusionBatchSize * length];
        for (int first = 0; first < patches.Length; first += OcclusionBatchSize)
        {
            int n = Math.Min(OcclusionBatchSize, patches.Length - first);
            for (int i = 0; i < n; i++)
            {
                var patch = batch.AsSpan(i * length, length);
                image.CopyTo(patch);
                var (frameRange, bandRange) = patches[first + i];
                for (int t = frameRange.Start; t < frameRange.End; t++)
                {
                    patch[((t * mels) + bandRange.Start)..((t * mels) + bandRange.End)].Clear();
                }
            }

            double[] logOdds = AnomalyLogOdds(batch, n, frames);
            for (int i = 0; i < n; i++)
            {
                float drop = (float)Math.Max(0, baseLogOdds - logOdds[i]);
                var (frameRange, bandRange) = patches[first + i];
                for (int t = frameRange.Start; t < frameRange.End; t++)
                {
                    map.Row(t)[bandRange.Start..bandRange.End].Fill(drop);
                }
            }
        }

        return (probability, map);
    }

    /// <summary>
    /// ln(P(anomalous) / P(normal)) of the first <paramref name="count"/> standardised images in <paramref name="images"/>,
    /// from the log-softmax, so it stays exact where the probabilities round to 0 or 1.
    /// </summary>
    private double[] AnomalyLogOdds(float[] images, int count, int frames)
    {
        int mels = MelBandCount, classes = ClassNames.Count;
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var input = tensor(images.AsSpan(0, count * frames * mels).ToArray(), [count, 1, frames, mels]);
        double[] logProbabilities = nn.functional.log_softmax(Module.call(input), 1).to_type(ScalarType.Float64).data<double>().ToArray();
        var result = new double[count];
        for (int i = 0; i < count; i++)
        {
            var row = logProbabilities.AsSpan(i * classes, classes);
            // log of the summed anomaly-class probabilities, shifted by their largest log for stability
            double largest = double.NegativeInfinity;
            foreach (double lp in row[1..])
            {
                largest = Math.Max(largest, lp);
            }

            double sum = 0;
            foreach (double lp in row[1..])
            {
                sum += Math.Exp(lp - largest);
            }

            result[i] = largest + Math.Log(sum) - row[0];
        }

        return result;
    }

    /// <summary><paramref name="parts"/> + 1 boundaries cutting 0..<paramref name="length"/> into nearly equal parts.</summary>
    private static int[] Edges(int length, int parts) =>
        [.. Enumerable.Range(0, parts + 1).Select(k => (int)((long)k * length / parts))];

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
