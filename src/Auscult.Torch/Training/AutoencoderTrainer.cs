using System.Diagnostics;
using System.Runtime.InteropServices;
using Auscult.Features;
using Auscult.Torch.Models;
using static TorchSharp.torch;

namespace Auscult.Torch.Training;

/// <summary>
/// Trains a dense autoencoder on the context vectors of normal clips, as the baselines' <c>00_train.py</c>: Adam,
/// mean squared reconstruction error and a fresh shuffle of the training vectors every epoch. The validation loss is
/// computed on a held-out part chosen by <see cref="AutoencoderPreset.HoldOut"/> (by default a seeded random tenth of
/// the vectors, so every clip trains the model) and, with <see cref="AutoencoderPreset.KeepBestEpoch"/>, chooses the
/// epoch whose weights are kept.
/// </summary>
/// <remarks>
/// Deterministic: the same clips, preset and seed give bit-identical weights for a given intra-op thread count (the host's, see <see cref="TorchRuntime.Configure"/>). Weights are
/// initialised from the seed (see <see cref="AutoencoderModel"/>), the hold-out and the shuffle use their own
/// generators, and nothing reads torch's global generator.
/// </remarks>
public sealed class AutoencoderTrainer
{
    // Keras's Adam epsilon (PyTorch's default is 1e-8); betas 0.9 and 0.999 are the same in both.
    private const double KerasAdamEpsilon = 1e-7;

    private readonly AutoencoderPreset _preset;
    private readonly int _seed;

    /// <param name="preset">Architecture and training settings; its feature options give the mel bands and context frames.</param>
    /// <param name="seed">Seed of the initial weights, the hold-out and the shuffle.</param>
    public AutoencoderTrainer(AutoencoderPreset preset, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _preset = preset.Validate();
        _seed = seed;
    }

    /// <summary>Trains a new model on <paramref name="clips"/>.</summary>
    /// <param name="clips">One log-mel matrix per normal training clip, [frames x mels].</param>
    /// <param name="progress">Told after every epoch of the validated run.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/> and disposes the partial model.</param>
    public TrainingResult Train(IReadOnlyList<FeatureMatrix> clips, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var features = _preset.Features;
        var batcher = new ContextVectorBatcher(clips, features.MelBandCount, features.ContextFrames);
        var (train, validation, heldOutClips) = HoldOut(batcher, clips.Count);
        if (train.Length < 2)
        {
            throw new InputException($"Training needs at least 2 context vectors; {clips.Count} clip(s) give {train.Length}.");
        }

        TorchRuntime.EnsureConfigured(); // the host's thread count; training never changes it
        NativeAllocator.KeepFreedMemoryForReuse();
        var clock = Stopwatch.StartNew();
        var model = new AutoencoderModel(_preset, _seed);
        try
        {
            bool keepBest = _preset.KeepBestEpoch && validation.Length > 0;
            var (history, keptEpoch) = Run(model.Module, batcher, train, validation, _preset.Epochs, keepBest, clock, progress, cancellationToken);
            if (heldOutClips.Length > 0)
            {
                // The held-out clips chose the epoch count; the final model trains on every clip for that many
                // epochs, from the same initial weights and shuffle seed.
                model.Dispose();
                model = new AutoencoderModel(_preset, _seed);
                Run(model.Module, batcher, Enumerable.Range(0, batcher.Count).ToArray(), [], keptEpoch, keepBest: false, clock, null, cancellationToken);
            }

            return new TrainingResult(model, history, clips.Count, batcher.Count, validation.Length)
            {
                KeptEpoch = keptEpoch,
                HoldOut = _preset.HoldOut,
                HeldOutClips = heldOutClips,
                Elapsed = clock.Elapsed,
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The training and validation vector indices, and the held-out clips when whole clips are held out (they train
    /// the final model all the same).
    /// </summary>
    internal (int[] Train, int[] Validation, int[] HeldOutClips) HoldOut(ContextVectorBatcher batcher, int clipCount)
    {
        int total = batcher.Count;
        var random = new Random(unchecked((_seed * 7919) + 0x4F1D));
        switch (_preset.HoldOut)
        {
            case ValidationHoldOut.LastVectors:
            {
                // Keras: split_at = int(n * (1 - validation_split)); the tail is validation, the head is shuffled.
                int trainCount = (int)(total * (1 - _preset.ValidationFraction));
                return (Enumerable.Range(0, trainCount).ToArray(), Enumerable.Range(trainCount, total - trainCount).ToArray(), []);
            }

            case ValidationHoldOut.RandomVectors:
            {
                int validationCount = total - (int)(total * (1 - _preset.ValidationFraction));
                var order = Enumerable.Range(0, total).ToArray();
                random.Shuffle(order);
                var validation = order[..validationCount];
                var train = order[validationCount..];
                Array.Sort(validation);
                Array.Sort(train);
                return (train, validation, []);
            }

            case ValidationHoldOut.RandomClips when clipCount >= 2 && _preset.ValidationFraction > 0:
            {
                int heldCount = Math.Clamp((int)Math.Round(clipCount * _preset.ValidationFraction), 1, clipCount - 1);
                var clipOrder = Enumerable.Range(0, clipCount).ToArray();
                random.Shuffle(clipOrder);
                var held = clipOrder[..heldCount];
                Array.Sort(held);
                var isHeld = new bool[clipCount];
                foreach (int c in held)
                {
                    isHeld[c] = true;
                }

                var validation = Enumerable.Range(0, total).Where(v => isHeld[batcher.ClipOf(v)]).ToArray();
                var train = Enumerable.Range(0, total).Where(v => !isHeld[batcher.ClipOf(v)]).ToArray();
                return (train, validation, held);
            }

            default:
                return (Enumerable.Range(0, total).ToArray(), [], []);
        }
    }

    private (List<TrainingProgress> History, int KeptEpoch) Run(DenseAutoencoder module, ContextVectorBatcher batcher, int[] train,
        int[] validation, int epochs, bool keepBest, Stopwatch clock, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int width = batcher.VectorLength;
        int batchSize = _preset.BatchSize;
        int trainCount = train.Length;
        var order = (int[])train.Clone();
        var shuffle = new Random(unchecked(_seed ^ 0x5DEECE6));

        // One input tensor for the whole run (1.3 MB at 512 x 640): each step writes its vectors straight into the
        // tensor's memory, so a step allocates no managed buffer. Overwriting it is safe: the previous step's graph,
        // which saved the input for the first layer's gradient, is gone by then.
        using var input = zeros(batchSize, width);
        var history = new List<TrainingProgress>(epochs);

        // The best epoch's weights and batch-norm statistics, copied in place whenever the validation loss improves.
        var live = keepBest ? module.state_dict() : null;
        Dictionary<string, Tensor>? best = null;
        if (live is not null)
        {
            // Inside a scope: the detach() temporaries must stay referenced while clone() runs natively. Outside one,
            // nothing held them, a collection could finalise one mid-call, and libtorch read freed memory (a segfault
            // in at::native::copy_ that crashed a loaded test run).
            using var scope = NewDisposeScope();
            best = live.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        }

        double bestLoss = double.PositiveInfinity;
        int keptEpoch = epochs;
        try
        {
            // Not optim.Adam: it passes implicitly converted scalars that a garbage collection can free mid-call (HeldScalarAdam).
            using var optimizer = new HeldScalarAdam(module.parameters(), _preset.LearningRate, KerasAdamEpsilon);
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                if (_preset.Shuffle)
                {
                    shuffle.Shuffle(order);
                }

                module.train();
                double lossSum = 0;
                int seen = 0;
                for (int start = 0; start < trainCount; start += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = Math.Min(batchSize, trainCount - start);
                    if (n < 2 && _preset.BatchNorm)
                    {
                        // Batch normalisation cannot train on one vector; Keras would, on a batch statistic of zero
                        // variance. Dropping it changes nothing measurable (one vector of an epoch).
                        continue;
                    }

                    batcher.Fill(order.AsSpan(start, n), MemoryMarshal.Cast<byte, float>(input.bytes));
                    using var scope = NewDisposeScope();
                    var x = n < batchSize ? input.narrow(0, 0, n) : input;

                    optimizer.ZeroGrad();
                    var loss = nn.functional.mse_loss(module.call(x), x);
                    loss.backward();
                    optimizer.Step();
                    lossSum += loss.item<float>() * (double)n;
                    seen += n;
                }

                double? validationLoss = validation.Length > 0 ? Evaluate(module, batcher, validation, input, cancellationToken) : null;
                if (best is not null && validationLoss is double v && v < bestLoss)
                {
                    bestLoss = v;
                    keptEpoch = epoch;
                    using var noGrad = no_grad();
                    foreach (var (name, tensor) in live!)
                    {
                        best[name].copy_(tensor);
                    }
                }

                var entry = new TrainingProgress(epoch, epochs, lossSum / Math.Max(1, seen), validationLoss, clock.Elapsed);
                history.Add(entry);
                progress?.Report(entry);
            }

            if (best is not null && keptEpoch < epochs)
            {
                using var noGrad = no_grad();
                foreach (var (name, tensor) in live!)
                {
                    tensor.copy_(best[name]);
                }
            }
        }
        finally
        {
            if (best is not null)
            {
                foreach (var tensor in best.Values)
                {
                    tensor.Dispose();
                }
            }
        }

        module.eval();
        return (history, keptEpoch);
    }

    /// <summary>Mean squared error over <paramref name="indices"/> in inference mode (batch norm on its running statistics).</summary>
    private double Evaluate(DenseAutoencoder module, ContextVectorBatcher batcher, int[] indices, Tensor input, CancellationToken cancellationToken)
    {
        int batchSize = _preset.BatchSize;
        module.eval();
        using var inference = inference_mode();
        double sum = 0;
        for (int start = 0; start < indices.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, indices.Length - start);
            batcher.Fill(indices.AsSpan(start, n), MemoryMarshal.Cast<byte, float>(input.bytes));
            using var scope = NewDisposeScope();
            var x = n < batchSize ? input.narrow(0, 0, n) : input;

            sum += nn.functional.mse_loss(module.call(x), x).item<float>() * (double)n;
        }

        return sum / indices.Length;
    }
}
