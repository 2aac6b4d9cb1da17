using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

public class AutoencoderTrainerTests
{
    private static ContextVectorBatcher Batcher(Auscult.Features.FeatureMatrix[] clips) => new(clips, 8, 3);

    [Fact]
    public void Train_ReducesTrainingAndValidationLoss()
    {
        var reports = new List<TrainingProgress>();
        using var result = new AutoencoderTrainer(TinyData.Preset(epochs: 20), seed: 1)
            .Train(TinyData.Normal(6), new SynchronousProgress<Auscult.Torch.Training.TrainingProgress>(reports.Add));

        Assert.Equal(20, reports.Count);
        Assert.Equal(Enumerable.Range(1, 20), reports.Select(r => r.Epoch));
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss / 2, $"train loss {reports[0].TrainLoss} -> {reports[^1].TrainLoss}");
        Assert.True(reports[^1].ValidationLoss < reports[0].ValidationLoss, $"validation loss {reports[0].ValidationLoss} -> {reports[^1].ValidationLoss}");
    }

    [Fact]
    public void Train_HoldsOutTheLastTenPercentAsKeras()
    {
        // 6 clips x (40 - 3 + 1) = 228 vectors; Keras: split_at = int(228 * 0.9) = 205, so 23 are validation.
        var preset = TinyData.Preset(epochs: 1) with { HoldOut = ValidationHoldOut.LastVectors };
        using var result = new AutoencoderTrainer(preset, seed: 1).Train(TinyData.Normal(6));
        Assert.Equal(228, result.VectorCount);
        Assert.Equal(23, result.ValidationVectorCount);
        var (train, validation, _) = new AutoencoderTrainer(preset, seed: 1).HoldOut(Batcher(TinyData.Normal(6)), 6);
        Assert.Equal(Enumerable.Range(205, 23), validation);
        Assert.Equal(Enumerable.Range(0, 205), train);
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalWeightsAndScores()
    {
        // Bit for bit for a given intra-op thread count: the test host's (one), which nothing in training changes.
        Assert.Equal(TorchTestHost.IntraOpThreads, TorchRuntime.IntraOpThreads);
        var clips = TinyData.Normal(4);
        using var a = new AutoencoderTrainer(TinyData.Preset(), seed: 42).Train(clips);
        using var b = new AutoencoderTrainer(TinyData.Preset(), seed: 42).Train(clips);

        var wa = a.Model.GetWeights();
        var wb = b.Model.GetWeights();
        Assert.Equal(wa.Select(w => w.Key), wb.Select(w => w.Key));
        for (int i = 0; i < wa.Count; i++)
        {
            Assert.Equal(wa[i].Value, wb[i].Value);
        }

        var probe = TinyData.Anomalous();
        Assert.Equal(new AutoencoderScorer(a.Model).Score(probe).Score, new AutoencoderScorer(b.Model).Score(probe).Score);
    }

    [Fact]
    public void Train_DifferentSeed_GivesDifferentScores()
    {
        var clips = TinyData.Normal(4);
        using var a = new AutoencoderTrainer(TinyData.Preset(), seed: 1).Train(clips);
        using var b = new AutoencoderTrainer(TinyData.Preset(), seed: 2).Train(clips);
        var probe = TinyData.Anomalous();
        Assert.NotEqual(new AutoencoderScorer(a.Model).Score(probe).Score, new AutoencoderScorer(b.Model).Score(probe).Score);
    }

    [Fact]
    public void Train_Cancelled_ThrowsBetweenSteps()
    {
        using var cts = new CancellationTokenSource();
        int epochs = 0;
        var progress = new SynchronousProgress<Auscult.Torch.Training.TrainingProgress>(_ =>
        {
            epochs++;
            cts.Cancel();
        });

        Assert.Throws<OperationCanceledException>(() =>
            new AutoencoderTrainer(TinyData.Preset(epochs: 50), seed: 1).Train(TinyData.Normal(4), progress, cts.Token));
        Assert.Equal(1, epochs);
    }

    [Fact]
    public void Train_TooFewFrames_Throws()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => new AutoencoderTrainer(TinyData.Preset(), seed: 1).Train(TinyData.Normal(1, frames: 3)));
        Assert.Contains("at least 2 context vectors", ex.Message);
    }
}
