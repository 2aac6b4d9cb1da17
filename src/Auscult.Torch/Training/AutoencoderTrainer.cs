using System.Diagnostics;
using System.Runtime.InteropServices;
using Auscult.Features;
using Auscult.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Auscult.Torch.Training;

/// <summary>
/// Trains a dense autoencoder on the context vectors of normal clips, as the baselines' <c>00_train.py</c>: Adam,
/// mean squared reconstruction error, Keras's <c>validation_split</c> (the last fraction of the vectors, taken before
/// shuffling) and a fresh shuffle of the training vectors every epoch.
/// </summary>
/// <remarks>
/// Deterministic: the same clips, preset and seed give bit-identical weights for a given thread count. Weights are
/// initialised from the seed (see <see cref="AutoencoderModel"/>), the shuffle uses its own generator, and nothing
/// reads torch's global generator.
/// </remarks>
public sealed class AutoencoderTrainer
{
    // Keras's Adam epsilon (PyTorch's default is 1e-8); betas 0.9 and 0.999 are the same in both.
    private const double KerasAdamEpsilon = 1e-7;

    private readonly AutoencoderPreset _preset;
    private readonly int _seed;
    private readonly int _threadCount;

    /// <param name="preset">Architecture and training settings; its feature options give the mel bands and context frames.</param>
    /// <param name="seed">Seed of the initial weights and of the shuffle.</param>
    /// <param name="threadCount">
    /// Torch intra-op threads (a process-wide setting). Default <see cref="TorchThreads.DefaultTrainingThreads"/>.
    /// </param>
    public AutoencoderTrainer(AutoencoderPreset preset, int seed = 0, int? threadCount = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _preset = preset.Validate();
        _seed = seed;
        _threadCount = threadCount ?? TorchThreads.DefaultTrainingThreads;
        ArgumentOutOfRangeException.ThrowIfLessThan(_threadCount, 1, nameof(threadCount));
    }

    /// <summary>Trains a new model on <paramref name="clips"/>.</summary>
    /// <param name="clips">One log-mel matrix per normal training clip, [frames x mels].</param>
    /// <param name="progress">Told after every epoch.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/> and disposes the partial model.</param>
    public TrainingResult Train(IReadOnlyList<FeatureMatrix> clips, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var features = _preset.Features;
        var batcher = new ContextVectorBatcher(clips, features.MelBandCount, features.ContextFrames);
        int total = batcher.Count;

        // Keras: split_at = int(n * (1 - validation_split)); the tail is validation, the head is shuffled.
        int trainCount = (int)(total * (1 - _preset.ValidationFraction));
        int validationCount = total - trainCount;
        if (trainCount < 2)
        {
            throw new InputException($"Training needs at least 2 context vectors; {clips.Count} clip(s) give {trainCount}.");
        }

        torch.set_num_threads(_threadCount);
        NativeAllocator.KeepFreedMemoryForReuse();
        var model = new AutoencoderModel(_preset, _seed);
        try
        {
            var history = Run(model.Module, batcher, trainCount, validationCount, progress, cancellationToken);
            return new TrainingResult(model, history, clips.Count, total, validationCount);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private List<TrainingProgress> Run(DenseAutoencoder module, ContextVectorBatcher batcher, int trainCount, int validationCount,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int width = batcher.VectorLength;
        int batchSize = _preset.BatchSize;
        var order = Enumerable.Range(0, trainCount).ToArray();
        var validation = Enumerable.Range(trainCount, validationCount).ToArray();
        var shuffle = new Random(unchecked(_seed ^ 0x5DEECE6));

        // One input tensor for the whole run (1.3 MB at 512 x 640): each step writes its vectors straight into the
        // tensor's memory, so a step allocates no managed buffer. Overwriting it is safe: the previous step's graph,
        // which saved the input for the first layer's gradient, is gone by then.
        using var input = zeros(batchSize, width);
        var history = new List<TrainingProgress>(_preset.Epochs);
        var clock = Stopwatch.StartNew();

        // Not optim.Adam: it passes implicitly converted scalars that a garbage collection can free mid-call (HeldScalarAdam).
        using var optimizer = new HeldScalarAdam(module.parameters(), _preset.LearningRate, KerasAdamEpsilon);
        for (int epoch = 1; epoch <= _preset.Epochs; epoch++)
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

            double? validationLoss = validationCount > 0 ? Evaluate(module, batcher, validation, input, cancellationToken) : null;
            var entry = new TrainingProgress(epoch, _preset.Epochs, lossSum / Math.Max(1, seen), validationLoss, clock.Elapsed);
            history.Add(entry);
            progress?.Report(entry);
        }

        module.eval();
        return history;
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
