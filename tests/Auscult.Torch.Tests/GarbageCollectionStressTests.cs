using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

/// <summary>
/// Training while garbage collections run all the time: TorchSharp 0.107's BatchNorm and Adam passed implicitly
/// converted scalars that a collection could free during the native call, which failed a CLI test with libtorch's
/// "Expected false to be true ... toFloat" (the freed scalar's memory read as another type).
/// </summary>
public sealed class GarbageCollectionStressTests
{
    [Fact]
    public void AutoencoderTraining_WhileCollectionsRunConstantly_CompletesWithFiniteLosses()
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            // Batches of 4 vectors: thousands of optimizer steps and batch-norm calls in a few seconds.
            var preset = TinyData.Preset(epochs: 3) with { BatchSize = 4 };
            for (int run = 0; run < 20; run++)
            {
                using var result = new AutoencoderTrainer(preset, seed: run).Train(TinyData.Normal(4, seed: run));
                Assert.All(result.History, h => Assert.True(double.IsFinite(h.TrainLoss), $"run {run}: loss {h.TrainLoss}"));
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
