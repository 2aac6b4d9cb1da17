using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Training;
using static TorchSharp.torch;

namespace Auscult.Torch.Classifier;

/// <summary>
/// Trains the supervised spectrogram CNN on labelled log-mel clips: one configuration (<see cref="Train"/>) or a
/// search over <see cref="ClassifierSearch.Space"/> within a time budget (<see cref="TrainAuto"/>).
/// </summary>
/// <remarks>
/// <para>
/// Each trial: a stratified, seeded train/validation split (<see cref="ClassifierOptions.ValidationFraction"/> of
/// every class held out; the same split for every trial); inputs standardised per mel band with the training split's
/// statistics; class-weighted cross-entropy (weight of class c = N / (K * n_c) over the training split, so every class
/// weighs the same in total); the augmentations of <see cref="AugmentationOptions"/>; Adam; after every epoch the
/// validation loss and the best F1 over thresholds of the validation anomaly probabilities. The kept epoch is the one
/// with the highest validation F1, ties to the lower validation loss; a trial stops after
/// <see cref="ClassifierOptions.Patience"/> epochs in which neither the F1 nor the lowest validation loss improved,
/// and the kept epoch's weights are restored.
/// </para>
/// <para>
/// The search keeps the trial with the highest validation F1 (ties: fewer parameters, then lower validation loss,
/// then the earlier trial) without retraining, so its weights are exactly the ones validated. The decision threshold
/// is the maximum-F1 threshold on the kept model's validation probabilities.
/// </para>
/// <para>
/// Deterministic for a given thread count: the split, initial weights, batch order, dropout masks and augmentation
/// all derive from <see cref="ClassifierOptions.Seed"/> alone. The budget decides only how many trials and epochs
/// run, so the same seed and data give the same model whenever the same trials complete.
/// </para>
/// </remarks>
public sealed class ClassifierTrainer
{
    /// <summary>A new trial starts only if the budget left covers this many of its estimated epochs.</summary>
    public const int MinimumEpochsToStartTrial = 3;

    private const int ValidationBatchSize = 32;

    private readonly ClassifierOptions _options;
    private readonly TimeProvider _time;

    /// <param name="options">Training settings; defaults when null.</param>
    /// <param name="timeProvider">The clock the budget and the reported times are measured with; default the system clock.</param>
    public ClassifierTrainer(ClassifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new ClassifierOptions()).Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Trains one configuration.</summary>
    /// <param name="clips">One log-mel matrix per clip, [frames x mels]; all with the same mel bands.</param>
    /// <param name="classes">The class of each clip: 0 normal, 1.. the anomaly kinds (binary: 1 = anomalous).</param>
    /// <param name="config">The network and learning rate.</param>
    /// <param name="classNames">Names of classes 0..K-1; default <c>normal, anomaly</c> for two classes, <c>normal, class1, ...</c> otherwise.</param>
    /// <param name="progress">Told after every epoch, on the training thread.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public ClassifierModel Train(IReadOnlyList<FeatureMatrix> clips, IReadOnlyList<int> classes, ClassifierConfig config,
        IReadOnlyList<string>? classNames = null, IProgress<ClassifierProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Run(clips, classes, classNames, [config.Validate()], null, progress, cancellationToken);
    }

    /// <summary>
    /// Tries configurations of <paramref name="space"/> in order until <paramref name="budget"/> is spent and returns
    /// the best. The first trial always runs at least one epoch, so a model comes back however short the budget;
    /// later trials start only while the budget covers <see cref="MinimumEpochsToStartTrial"/> of their estimated
    /// epochs, and every trial stops before an epoch that would overrun it (estimated from its previous epoch).
    /// </summary>
    /// <param name="clips">One log-mel matrix per clip, [frames x mels]; all with the same mel bands.</param>
    /// <param name="classes">The class of each clip: 0 normal, 1.. the anomaly kinds (binary: 1 = anomalous).</param>
    /// <param name="budget">Wall time for the whole search, by the trainer's clock.</param>
    /// <param name="classNames">Names of classes 0..K-1 (see <see cref="Train"/>).</param>
    /// <param name="space">Configurations in trial order; default <see cref="ClassifierSearch.Space"/> of the seed.</param>
    /// <param name="progress">Told after every epoch of every trial, on the training thread.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public ClassifierModel TrainAuto(IReadOnlyList<FeatureMatrix> clips, IReadOnlyList<int> classes, TimeSpan budget,
        IReadOnlyList<string>? classNames = null, IReadOnlyList<ClassifierConfig>? space = null,
        IProgress<ClassifierProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        space ??= ClassifierSearch.Space(_options.Seed);
        if (space.Count == 0)
        {
            throw new InputException("The search space is empty.");
        }

        return Run(clips, classes, classNames, [.. space.Select(c => c.Validate())], budget, progress, cancellationToken);
    }

    private ClassifierModel Run(IReadOnlyList<FeatureMatrix> clips, IReadOnlyList<int> classes, IReadOnlyList<string>? classNames,
        IReadOnlyList<ClassifierConfig> space, TimeSpan? budget, IProgress<ClassifierProgress>? progress, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        var data = TrainingData.Prepare(clips, classes, classNames, _options);
        TorchRuntime.EnsureConfigured(); // the host's thread count; training never changes it
        NativeAllocator.KeepFreedMemoryForReuse();

        var trials = new List<ClassifierTrial>();
        TrialOutcome? best = null;
        double? secondsPerCostUnit = null;
        try
        {
            foreach (var config in space)
            {
                var (minFrames, minMels) = SpectrogramCnn.MinimumInput(config);
                if (data.Frames < minFrames || data.Mels < minMels)
                {
                    // Too deep for these images: every max pool must keep at least one frame and one band.
                    continue;
                }

                double cost = RelativeCost(config, data.Frames, data.Mels);
                if (budget is { } limit && trials.Count > 0 && secondsPerCostUnit is { } rate)
                {
                    double remaining = (limit - _time.GetElapsedTime(start)).TotalSeconds;
                    if (remaining < MinimumEpochsToStartTrial * rate * cost)
                    {
                        continue; // A later, cheaper configuration may still fit.
                    }
                }

                var outcome = RunTrial(data, config, trials.Count + 1, start, budget, progress, cancellationToken);
                trials.Add(outcome.Trial);
                secondsPerCostUnit = outcome.Trial.Seconds / outcome.Trial.Epochs / cost;
                if (!outcome.Trial.Completed)
                {
                    outcome.Dispose(); // diverged before any finite validation: reported in the trials, never kept
                }
                else if (best is null || IsBetter(outcome, best, data.ClassCount, data.Mels))
                {
                    best?.Dispose();
                    best = outcome;
                }
                else
                {
                    outcome.Dispose();
                }
            }

            if (best is null)
            {
                throw trials.Count == 0
                    ? new InputException($"No configuration fits images of {data.Frames} frames x {data.Mels} mel bands.")
                    : new InputException($"Training diverged: every trial ({string.Join(", ", trials.Select(t => t.Config.Name))}) turned NaN or infinite before its first validation; the training clips may hold extreme values.");
            }

            var choice = ThresholdSelector.MaxF1(data.ValidationAnomalous, best.ValidationScores);
            var threshold = new ThresholdSpec(choice.Threshold, "max-f1", choice.Parameters);
            var summary = new ClassifierTrainingSummary(
                _options.Seed, data.Train.Length, data.Validation.Length, data.ClassCounts, data.Frames, best.Trial.BestEpoch,
                choice.Parameters["f1"], budget, _options, trials);
            var model = new ClassifierModel(best.Module, data.ClassNames, data.Normalization, threshold, summary);
            best = null; // now owned by the model
            return model;
        }
        finally
        {
            best?.Dispose();
        }
    }

    private TrialOutcome RunTrial(TrainingData data, ClassifierConfig config, int trialNumber, long searchStart, TimeSpan? budget,
        IProgress<ClassifierProgress>? progress, CancellationToken cancellationToken)
    {
        long trialStart = _time.GetTimestamp();
        int seed = _options.Seed;
        var module = new SpectrogramCnn(config, data.ClassCount, data.Mels);
        Dictionary<string, Tensor>? snapshot = null;
        try
        {
            module.Initialize(new Random(seed));
            var batchOrder = new Random(unchecked(seed ^ 0x0BA7C4));
            var augmentation = new Random(unchecked(seed ^ 0x0A06E2));
            using var optimizer = new HeldScalarAdam(module.parameters(), config.LearningRate);

            int frames = data.Frames, mels = data.Mels, classCount = data.ClassCount, batchSize = _options.BatchSize;
            int imageLength = frames * mels;
            var batch = new float[batchSize * imageLength];
            var unmixed = new float[batchSize * imageLength];
            var targets = new float[batchSize * classCount];
            var order = data.Train.ToArray();

            double bestF1 = double.NegativeInfinity, bestLoss = double.PositiveInfinity, lowestLoss = double.PositiveInfinity;
            int bestEpoch = 0, epoch = 0, sinceBest = 0;
            double[] bestScores = [];
            string stoppedBy = "max-epochs";
            var trainLosses = new List<double>();
            var validationLosses = new List<double>();
            var validationF1s = new List<double>();
            TimeSpan lastEpoch = TimeSpan.Zero;
            while (epoch < _options.MaxEpochs)
            {
                // A trial's first epoch always runs (the search checked the budget before starting it); any later one
                // stops the trial if, taking as long as the previous epoch, it would overrun the budget.
                if (budget is { } limit && epoch > 0 && _time.GetElapsedTime(searchStart) + lastEpoch > limit)
                {
                    stoppedBy = "budget";
                    break;
                }

                if (sinceBest >= _options.Patience)
                {
                    stoppedBy = "early-stopping";
                    break;
                }

                long epochStart = _time.GetTimestamp();
                epoch++;
                batchOrder.Shuffle(order);
                module.train();
                double lossSum = 0;
                int seen = 0;
                for (int first = 0; first < order.Length; first += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = Math.Min(batchSize, order.Length - first);
                    if (n < 2)
                    {
                        continue; // Batch normalisation cannot train on one image.
                    }

                    FillBatch(data, order.AsSpan(first, n), batch, unmixed, targets, augmentation);
                    using var scope = NewDisposeScope();
                    var x = tensor(batch.AsSpan(0, n * imageLength).ToArray(), [n, 1, frames, mels]);
                    var t = tensor(targets.AsSpan(0, n * classCount).ToArray(), [n, classCount]);
                    optimizer.ZeroGrad();
                    var logProbabilities = nn.functional.log_softmax(module.call(x), 1);
                    var loss = -(t * logProbabilities).sum(1).mean();
                    loss.backward();
                    optimizer.Step();
                    lossSum += loss.item<float>() * (double)n;
                    seen += n;
                }

                double trainLoss = lossSum / Math.Max(1, seen);
                var (validationLoss, scores, f1) = double.IsFinite(trainLoss) ? Validate(module, data, cancellationToken) : (double.NaN, [], double.NaN);
                if (!double.IsFinite(validationLoss) || !double.IsFinite(f1))
                {
                    // Diverged: this epoch's weights are unusable. Keep what earlier epochs validated and end the
                    // trial; the search goes on with the next configuration.
                    stoppedBy = "non-finite";
                    break;
                }

                bool improved = f1 > bestF1 + 1e-12 || (Math.Abs(f1 - bestF1) <= 1e-12 && validationLoss < bestLoss);
                if (improved)
                {
                    (bestF1, bestLoss, bestEpoch, bestScores) = (f1, validationLoss, epoch, scores);
                    DisposeAll(snapshot);
                    snapshot = Snapshot(module);
                }

                // Patience runs out only when neither the F1 nor the loss improves: on a few dozen validation clips F1
                // moves in coarse steps and stalls for epochs while the loss still falls (measured on the synthetic
                // fan set, where stopping on F1 alone ended the first trial at epoch 14 with the loss still falling).
                if (improved || validationLoss < lowestLoss)
                {
                    sinceBest = 0;
                }
                else
                {
                    sinceBest++;
                }

                lowestLoss = Math.Min(lowestLoss, validationLoss);

                trainLosses.Add(trainLoss);
                validationLosses.Add(validationLoss);
                validationF1s.Add(f1);
                progress?.Report(new ClassifierProgress(trialNumber, config.Name, epoch, trainLoss, validationLoss, f1,
                    _time.GetElapsedTime(searchStart)));
                lastEpoch = _time.GetElapsedTime(epochStart); // after the report: its handler's time is the epoch's too
            }

            if (snapshot is null)
            {
                // Not one finite validation: the trial is reported (best epoch 0) and contributes no model.
                var failed = new ClassifierTrial(config, 0, 0, 0, epoch, _time.GetElapsedTime(trialStart).TotalSeconds, stoppedBy,
                    trainLosses, validationLosses, validationF1s);
                return new TrialOutcome(module, failed, []);
            }

            Restore(module, snapshot);
            module.eval();
            var trial = new ClassifierTrial(config, bestF1, bestLoss, bestEpoch, epoch, _time.GetElapsedTime(trialStart).TotalSeconds, stoppedBy,
                trainLosses, validationLosses, validationF1s);
            return new TrialOutcome(module, trial, bestScores);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        finally
        {
            DisposeAll(snapshot);
        }
    }

    /// <summary>Copies, augments and (with mixup) blends one batch; writes the class-weighted soft targets.</summary>
    private void FillBatch(TrainingData data, ReadOnlySpan<int> indices, float[] batch, float[] unmixed, float[] targets, Random random)
    {
        var augmentation = _options.Augmentation;
        int imageLength = data.Frames * data.Mels, classCount = data.ClassCount, n = indices.Length;
        Array.Clear(targets, 0, n * classCount);
        for (int i = 0; i < n; i++)
        {
            var image = batch.AsSpan(i * imageLength, imageLength);
            data.Images[indices[i]].CopyTo(image);
            SpectrogramAugmenter.Augment(image, data.Frames, data.Mels, augmentation, random);
        }

        if (augmentation.MixupAlpha > 0)
        {
            float lambda = (float)SpectrogramAugmenter.SampleBeta(augmentation.MixupAlpha, random);
            var partner = Enumerable.Range(0, n).ToArray();
            random.Shuffle(partner);
            batch.AsSpan(0, n * imageLength).CopyTo(unmixed);
            for (int i = 0; i < n; i++)
            {
                SpectrogramAugmenter.Mix(batch.AsSpan(i * imageLength, imageLength), unmixed.AsSpan(partner[i] * imageLength, imageLength), lambda);
                int own = data.Classes[indices[i]], other = data.Classes[indices[partner[i]]];
                targets[(i * classCount) + own] += lambda * data.ClassWeights[own];
                targets[(i * classCount) + other] += (1 - lambda) * data.ClassWeights[other];
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                int own = data.Classes[indices[i]];
                targets[(i * classCount) + own] = data.ClassWeights[own];
            }
        }
    }

    /// <summary>Class-weighted cross-entropy, anomaly probabilities and best F1 over the validation images, in inference mode.</summary>
    private static (double Loss, double[] Scores, double F1) Validate(SpectrogramCnn module, TrainingData data, CancellationToken cancellationToken)
    {
        module.eval();
        using var inference = inference_mode();
        int imageLength = data.Frames * data.Mels, classCount = data.ClassCount;
        var indices = data.Validation;
        var scores = new double[indices.Length];
        double lossSum = 0;
        for (int first = 0; first < indices.Length; first += ValidationBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(ValidationBatchSize, indices.Length - first);
            var values = new float[n * imageLength];
            for (int i = 0; i < n; i++)
            {
                data.Images[indices[first + i]].CopyTo(values.AsSpan(i * imageLength));
            }

            using var scope = NewDisposeScope();
            var logProbabilities = nn.functional.log_softmax(module.call(tensor(values, [n, 1, data.Frames, data.Mels])), 1);
            float[] lp = logProbabilities.data<float>().ToArray();
            for (int i = 0; i < n; i++)
            {
                int own = data.Classes[indices[first + i]];
                lossSum -= data.ClassWeights[own] * lp[(i * classCount) + own];
                scores[first + i] = 1 - Math.Exp(lp[i * classCount]);
            }
        }

        if (!double.IsFinite(lossSum) || !scores.All(double.IsFinite))
        {
            return (double.NaN, scores, double.NaN);
        }

        double f1 = ThresholdSelector.MaxF1(data.ValidationAnomalous, scores).Parameters["f1"];
        return (lossSum / indices.Length, scores, f1);
    }

    private static bool IsBetter(TrialOutcome candidate, TrialOutcome incumbent, int classCount, int mels)
    {
        ClassifierTrial a = candidate.Trial, b = incumbent.Trial;
        if (Math.Abs(a.ValidationF1 - b.ValidationF1) > 1e-12)
        {
            return a.ValidationF1 > b.ValidationF1;
        }

        long sizeA = a.Config.ParameterCount(classCount, mels), sizeB = b.Config.ParameterCount(classCount, mels);
        return sizeA != sizeB ? sizeA < sizeB : a.ValidationLoss < b.ValidationLoss;
    }

    /// <summary>Multiply-adds of the convolutions per image, in millions: compares configurations' epoch times.</summary>
    internal static double RelativeCost(ClassifierConfig config, int frames, int mels)
    {
        double cost = 0;
        double f = (double)frames / config.TimePooling, m = mels;
        int inputs = 1;
        foreach (int c in config.Channels)
        {
            cost += f * m * inputs * c * 9;
            (f, m, inputs) = (Math.Floor(f / 2), Math.Floor(m / 2), c);
        }

        return cost / 1e6;
    }

    private static Dictionary<string, Tensor> Snapshot(SpectrogramCnn module)
    {
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in module.state_dict())
        {
            using var detached = value.detach();
            copy[name] = detached.clone();
        }

        return copy;
    }

    private static void Restore(SpectrogramCnn module, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
        {
            value.copy_(snapshot[name]);
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (var t in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }

    private sealed class TrialOutcome(SpectrogramCnn module, ClassifierTrial trial, double[] validationScores) : IDisposable
    {
        public SpectrogramCnn Module { get; } = module;

        public ClassifierTrial Trial { get; } = trial;

        public double[] ValidationScores { get; } = validationScores;

        public void Dispose() => Module.Dispose();
    }
}
