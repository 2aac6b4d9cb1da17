using Auscult.Evaluation;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Tests.Classifier;

public sealed class ClassifierTrainerTests
{
    [Fact]
    public void Train_EasyBandTask_ReachesHighValidationF1AndSeparatesTestClips()
    {
        var (clips, classes) = BandImages.Make(normal: 30, anomalous: 15, seed: 1);
        using var model = new ClassifierTrainer(BandImages.Options()).Train(clips, classes, BandImages.Tiny());

        Assert.True(model.Training.ValidationF1 >= 0.9, $"validation F1 {model.Training.ValidationF1}");
        var (test, testClasses) = BandImages.Make(normal: 20, anomalous: 20, seed: 2);
        int correct = test.Zip(testClasses).Count(p => model.IsAnomalous(p.First) == (p.Second != 0));
        Assert.True(correct >= 36, $"{correct} of 40 test clips right");
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalProbabilities()
    {
        var (clips, classes) = BandImages.Make(24, 12);
        var (test, _) = BandImages.Make(3, 3, seed: 9);
        var options = BandImages.Options(seed: 4, maxEpochs: 3) with { Augmentation = new AugmentationOptions { MixupAlpha = 0.4 } };
        double[] Run(int seed)
        {
            using var model = new ClassifierTrainer(options with { Seed = seed }).Train(clips, classes, BandImages.Tiny());
            return [.. test.Select(model.AnomalyProbability)];
        }

        var first = Run(4);
        Assert.Equal(first, Run(4));
        Assert.NotEqual(first, Run(5));
    }

    [Fact]
    public void Train_ReportsEveryEpochAndRestoresTheBestOne()
    {
        var (clips, classes) = BandImages.Make(24, 12);
        var reports = new List<ClassifierProgress>();
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 6)).Train(clips, classes, BandImages.Tiny(), progress: new ReportTo<ClassifierProgress>(reports.Add));

        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(1, r.Trial));
        var trial = Assert.Single(model.Training.Trials);
        var best = reports[trial.BestEpoch - 1];
        Assert.Equal(reports.Max(r => r.ValidationF1), best.ValidationF1);
        Assert.Equal(best.ValidationLoss, trial.ValidationLoss);
        Assert.Equal(best.ValidationF1, trial.ValidationF1);
    }

    [Fact]
    public void Train_StopsWhenNeitherF1NorLossImprovesForPatienceEpochs()
    {
        var (clips, classes) = BandImages.Make(24, 12);
        var reports = new List<ClassifierProgress>();
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 60) with { Patience = 2 })
            .Train(clips, classes, BandImages.Tiny(learningRate: 1e-2), progress: new ReportTo<ClassifierProgress>(reports.Add));

        var trial = Assert.Single(model.Training.Trials);
        Assert.Equal("early-stopping", trial.StoppedBy);
        Assert.Equal(reports.Count, trial.Epochs);
        bool Improved(int e) => reports[e].ValidationF1 > reports.Take(e).Max(r => r.ValidationF1)
            || reports[e].ValidationLoss < reports.Take(e).Min(r => r.ValidationLoss);
        int last = reports.Count - 1;
        Assert.False(Improved(last));
        Assert.False(Improved(last - 1));
        Assert.True(last - 2 == 0 || Improved(last - 2));
    }

    [Fact]
    public void Train_MultiClass_GivesOneProbabilityPerClass()
    {
        var (clips, classes) = BandImages.Make(normal: 20, anomalous: 10, anomalyClasses: 2);
        string[] names = ["normal", "low-tone", "high-tone"];
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 4)).Train(clips, classes, BandImages.Tiny(), names);

        Assert.Equal(names, model.ClassNames);
        Assert.Equal([20, 10, 10], model.Training.ClassCounts);
        var p = model.ClassProbabilities(clips[0]);
        Assert.Equal(3, p.Length);
        Assert.Equal(1.0, p.Sum(), 1e-6);
        Assert.Equal(1 - p[0], model.AnomalyProbability(clips[0]), 1e-12);
        Assert.True(model.NamesKinds);
    }

    [Fact]
    public void MostLikelyAnomalyClass_NamesTheKindOfTheTone()
    {
        var (clips, classes) = BandImages.Make(normal: 30, anomalous: 20, anomalyClasses: 2);
        string[] names = ["normal", "low-tone", "high-tone"];
        // Which kind a tone is depends on its height: the pool over time only keeps it.
        var config = BandImages.Tiny() with { Pooling = GlobalPooling.Time };
        using var model = new ClassifierTrainer(BandImages.Options()).Train(clips, classes, config, names);
        var (test, testClasses) = BandImages.Make(normal: 0, anomalous: 10, seed: 8, anomalyClasses: 2);
        int right = test.Zip(testClasses).Count(p => model.MostLikelyAnomalyClass(p.First) == names[p.Second]);
        Assert.True(right >= 17, $"{right} of 20 kinds right");
    }

    [Fact]
    public void Train_ClassifiesClipsOfOtherLengths()
    {
        var (clips, classes) = BandImages.Make(16, 8);
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 2)).Train(clips, classes, BandImages.Tiny());
        var (longer, _) = BandImages.Make(1, 0, frames: 70);
        Assert.InRange(model.AnomalyProbability(longer[0]), 0, 1);
        var ex = Assert.ThrowsAny<AuscultException>(() => model.AnomalyProbability(new Features.FeatureMatrix(20, 8)));
        Assert.Contains("8 mel bands", ex.Message);
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        var (clips, classes) = BandImages.Make(16, 8);
        using var cts = new CancellationTokenSource();
        var progress = new ReportTo<ClassifierProgress>(_ => cts.Cancel());
        Assert.Throws<OperationCanceledException>(() =>
            new ClassifierTrainer(BandImages.Options(maxEpochs: 5)).Train(clips, classes, BandImages.Tiny(), progress: progress, cancellationToken: cts.Token));
    }

    [Fact]
    public void Train_WithoutAnomalies_Throws()
    {
        var (clips, _) = BandImages.Make(10, 0);
        var ex = Assert.ThrowsAny<AuscultException>(() => new ClassifierTrainer(BandImages.Options()).Train(clips, new int[10], BandImages.Tiny()));
        Assert.Contains("normal (class 0) and anomalous", ex.Message);
    }

    [Fact]
    public void Threshold_IsTheMaxF1ThresholdOnValidationProbabilities()
    {
        var (clips, classes) = BandImages.Make(24, 12);
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 5)).Train(clips, classes, BandImages.Tiny());
        Assert.Equal(ThresholdMethod.MaxF1, model.Threshold.Method);
        Assert.InRange(model.Threshold.Value, 0, 1);
        Assert.Equal(model.Training.ValidationF1, model.Threshold.Parameters["f1"]);
        Assert.Equal(model.Training.Trials[0].ValidationF1, model.Training.ValidationF1, 1e-12);
    }
}
