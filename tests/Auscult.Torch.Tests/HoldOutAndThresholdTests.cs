using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

/// <summary>Issue #17: the hold-out wastes no clip and is seeded, and the threshold comes from unseen clips' scores.</summary>
public class HoldOutAndThresholdTests
{
    private static ContextVectorBatcher Batcher(FeatureMatrix[] clips) => new(clips, 8, 3);

    [Fact]
    public void RandomVectorHoldOut_IsSeeded_AndLeavesEveryClipTrainingVectors()
    {
        var clips = TinyData.Normal(6);
        var preset = TinyData.Preset(epochs: 1);
        Assert.Equal(ValidationHoldOut.RandomVectors, preset.HoldOut);
        var batcher = Batcher(clips);

        var a = new AutoencoderTrainer(preset, seed: 1).HoldOut(batcher, clips.Length);
        var again = new AutoencoderTrainer(preset, seed: 1).HoldOut(batcher, clips.Length);
        var other = new AutoencoderTrainer(preset, seed: 2).HoldOut(batcher, clips.Length);

        Assert.Equal(23, a.Validation.Length);
        Assert.Equal(a.Validation, again.Validation);
        Assert.NotEqual(a.Validation, other.Validation);
        Assert.Equal(Enumerable.Range(0, batcher.Count), a.Train.Concat(a.Validation).Order());
        Assert.All(Enumerable.Range(0, clips.Length), c => Assert.Contains(a.Train, v => batcher.ClipOf(v) == c));
        Assert.True(a.Validation.Select(batcher.ClipOf).Distinct().Count() > 1, "the validation vectors should come from several clips");
        Assert.Empty(a.HeldOutClips);
    }

    [Fact]
    public void RandomClipHoldOut_HoldsOutWholeSeededClips()
    {
        var clips = TinyData.Normal(10);
        var preset = TinyData.Preset(epochs: 1) with { HoldOut = ValidationHoldOut.RandomClips, ValidationFraction = 0.2 };
        var batcher = Batcher(clips);

        var a = new AutoencoderTrainer(preset, seed: 3).HoldOut(batcher, clips.Length);
        var again = new AutoencoderTrainer(preset, seed: 3).HoldOut(batcher, clips.Length);

        Assert.Equal(2, a.HeldOutClips.Length);
        Assert.Equal(a.HeldOutClips, again.HeldOutClips);
        Assert.All(a.Validation, v => Assert.Contains(batcher.ClipOf(v), a.HeldOutClips));
        Assert.All(a.Train, v => Assert.DoesNotContain(batcher.ClipOf(v), a.HeldOutClips));
        Assert.Equal(2 * 38, a.Validation.Length);
    }

    [Fact]
    public void RandomClipHoldOut_FinalModelRetrainsOnEveryClipForTheKeptEpochs()
    {
        var clips = TinyData.Normal(5);
        var preset = TinyData.Preset(epochs: 6) with { HoldOut = ValidationHoldOut.RandomClips, ValidationFraction = 0.2 };
        using var held = new AutoencoderTrainer(preset, seed: 4).Train(clips);
        Assert.Single(held.HeldOutClips);
        Assert.InRange(held.KeptEpoch, 1, 6);

        // The same seed on every vector, no validation, for the kept epoch count: the same weights.
        var all = preset with { ValidationFraction = 0, Epochs = held.KeptEpoch };
        using var reference = new AutoencoderTrainer(all, seed: 4).Train(clips);
        Assert.Equal(reference.Model.GetWeights().Select(w => w.Value), held.Model.GetWeights().Select(w => w.Value));
    }

    [Fact]
    public void KeepBestEpoch_KeepsTheEpochOfLowestValidationLoss()
    {
        var clips = TinyData.Normal(6);
        using var result = new AutoencoderTrainer(TinyData.Preset(epochs: 12), seed: 5).Train(clips);
        double best = result.History.Min(h => h.ValidationLoss!.Value);
        Assert.Equal(result.History.First(h => h.ValidationLoss == best).Epoch, result.KeptEpoch);

        // The kept weights reproduce the kept epoch's validation loss: train exactly that many epochs, last epoch kept.
        using var upTo = new AutoencoderTrainer(TinyData.Preset(epochs: result.KeptEpoch) with { KeepBestEpoch = false }, seed: 5).Train(clips);
        Assert.Equal(upTo.Model.GetWeights().Select(w => w.Value), result.Model.GetWeights().Select(w => w.Value));
    }

    [Fact]
    public void CrossFitter_ScoresEveryClipWithAModelThatDidNotTrainOnIt()
    {
        var clips = TinyData.Normal(6);
        var preset = TinyData.Preset(epochs: 3);
        var fitter = new CrossFitter(preset, seed: 7, folds: 3);
        int[] fold = fitter.AssignFolds(clips.Length);
        Assert.Equal(fold, fitter.AssignFolds(clips.Length));
        Assert.All(Enumerable.Range(0, 3), k => Assert.Equal(2, fold.Count(f => f == k)));

        var unseen = fitter.Score(clips);
        Assert.Equal(Enumerable.Range(0, 6), unseen.Clips);
        Assert.Equal(3, unseen.FoldsTrained);

        // Fold k's clips score as under a model trained, with fold k's seed, on the other folds' clips only.
        for (int k = 0; k < 3; k++)
        {
            int[] inFold = [.. Enumerable.Range(0, 6).Where(c => fold[c] == k)];
            using var model = new AutoencoderTrainer(preset, seed: 7 + 1 + k)
                .Train([.. Enumerable.Range(0, 6).Where(c => fold[c] != k).Select(c => clips[c])]);
            using var scorer = new AutoencoderScorer(model.Model);
            Assert.All(inFold, c => Assert.Equal(scorer.Score(clips[c]).Score, unseen.Scores[c]));
        }
    }

    [Fact]
    public void CrossFitter_StopsOnceEnoughClipsAreScored()
    {
        var unseen = new CrossFitter(TinyData.Preset(epochs: 1), seed: 1, folds: 5, minimumScoredClips: 3).Score(TinyData.Normal(10));
        Assert.Equal(5, unseen.Folds);
        Assert.Equal(2, unseen.FoldsTrained);
        Assert.Equal(4, unseen.Scores.Count);
    }

    [Fact]
    public void CreateBundle_FitsTheThresholdOnUnseenScores_AndReportsTheExpectedFalseAlarmRate()
    {
        var clips = TinyData.Normal(6);
        var preset = TinyData.Preset(epochs: 5);
        using var trained = new AutoencoderTrainer(preset, seed: 2).Train(clips);
        var unseen = new CrossFitter(preset, seed: 2, folds: 3).Score(clips);
        var selection = new ClipSelection.Selection("root", "fan", "id_00", []);

        using var bundle = AutoencoderDetector.CreateBundle(trained, clips, selection, unseenScores: unseen);

        ThresholdSpec threshold = bundle.Manifest.Threshold!;
        Assert.Equal(ThresholdSelector.Gamma([.. unseen.Scores]).Threshold, threshold.Value);
        Assert.Equal(6, threshold.Parameters["unseenClips"]);
        Assert.Equal(0.1, threshold.Parameters["expectedFalseAlarmRate"], 1e-6);
        Assert.Equal(unseen.Scores.Count(s => s > threshold.Value) / 6.0, threshold.Parameters["observedFalseAlarmRate"]);
        Assert.Equal(6, bundle.Manifest.TrainingData.UnseenScores!.Count);
        Assert.Equal(unseen.Scores.Max(), bundle.Manifest.TrainingData.UnseenScores.Max);
    }

    [Fact]
    public void FitThreshold_OnTrainingScores_HasNoUnseenCount()
    {
        var spec = AutoencoderDetector.FitThreshold([1.0, 2.0, 2.5, 3.0, 4.0, 6.0], ThresholdMethod.Percentile, 80, unseen: false);
        Assert.False(spec.Parameters.ContainsKey("unseenClips"));
        Assert.Equal(1 / 6.0, spec.Parameters["observedFalseAlarmRate"], 1e-12);
        Assert.InRange(spec.Parameters["expectedFalseAlarmRate"], 0, 1);
    }
}
