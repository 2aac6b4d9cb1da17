using Microsoft.Extensions.Time.Testing;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Tests.Classifier;

public sealed class ClassifierSearchTests
{
    private static readonly (Features.FeatureMatrix[] Clips, int[] Classes) Data = BandImages.Make(24, 12);

    [Fact]
    public void Space_StartsWithTheDefaultThenASeededOrderOfEveryCombination()
    {
        var a = ClassifierSearch.Space(1);
        Assert.Equal(18, a.Select(c => c.Name).Distinct().Count());
        Assert.Equal("c16-32-64_t8_lr0.001", a[0].Name);
        Assert.Equal(a.Select(c => c.Name), ClassifierSearch.Space(1).Select(c => c.Name));
        Assert.NotEqual(a.Select(c => c.Name), ClassifierSearch.Space(2).Select(c => c.Name));
        Assert.Equal("c16-32-64_t8_lr0.001", ClassifierSearch.Space(2)[0].Name);
    }

    [Fact]
    public void TrainAuto_StopsWithinTheBudget()
    {
        // Every epoch takes 1 s of the manual clock; a 10 s budget fits two 4-epoch trials, and the third would need
        // 3 epochs with 2 s left.
        var clock = new FakeTimeProvider();
        DateTimeOffset start = clock.GetUtcNow();
        var progress = new ReportTo<ClassifierProgress>(_ => clock.Advance(TimeSpan.FromSeconds(1)));
        var options = BandImages.Options(maxEpochs: 4);
        ClassifierConfig[] space = [BandImages.Tiny(3e-3), BandImages.Tiny(1e-2), BandImages.Tiny(1e-3), BandImages.Tiny(2e-3)];

        using var model = new ClassifierTrainer(options, clock).TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromSeconds(10), space: space, progress: progress);

        Assert.Equal(2, model.Training.Trials.Count);
        Assert.All(model.Training.Trials, t => Assert.Equal(4, t.Epochs));
        Assert.Equal(8, model.Training.Trials.Sum(t => t.Seconds));
        Assert.True(clock.GetUtcNow() - start <= TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(10), model.Training.Budget);
    }

    [Fact]
    public void TrainAuto_ATrialThatDiverges_IsReportedAndTheSearchGoesOn()
    {
        // A learning rate of 1e30 drives the weights past float range within a few steps: the loss turns NaN.
        ClassifierConfig[] space = [BandImages.Tiny(1e30), BandImages.Tiny(3e-3)];

        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 3)).TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromMinutes(5), space: space);

        Assert.Equal(2, model.Training.Trials.Count);
        var diverged = model.Training.Trials[0];
        Assert.Equal("non-finite", diverged.StoppedBy);
        Assert.False(diverged.Completed);
        Assert.Equal(space[1], model.Config);
        Assert.True(model.Training.Trials[1].Completed);
        Assert.True(double.IsFinite(model.AnomalyProbability(Data.Clips[0])));
    }

    [Fact]
    public void TrainAuto_EveryTrialDiverges_ThrowsNamingTheTrials()
    {
        ClassifierConfig[] space = [BandImages.Tiny(1e30)];

        var e = Assert.Throws<InputException>(() => new ClassifierTrainer(BandImages.Options(maxEpochs: 3)).TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromMinutes(5), space: space));

        Assert.Contains("diverged", e.Message);
        Assert.Contains(space[0].Name, e.Message);
    }

    [Fact]
    public void TrainAuto_StopsATrialBeforeAnEpochThatWouldOverrun()
    {
        var clock = new FakeTimeProvider();
        var progress = new ReportTo<ClassifierProgress>(_ => clock.Advance(TimeSpan.FromSeconds(1)));
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 10), clock)
            .TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromSeconds(5.5), space: [BandImages.Tiny()], progress: progress);

        var trial = Assert.Single(model.Training.Trials);
        Assert.Equal(5, trial.Epochs);
        Assert.Equal("budget", trial.StoppedBy);
    }

    [Fact]
    public void TrainAuto_KeepsTheTrialWithTheBestValidationF1_TiesToTheSmallerModel()
    {
        var clock = new FakeTimeProvider();
        ClassifierConfig[] space = [new([8, 8], 1, 3e-3, 0.1), BandImages.Tiny(3e-3), BandImages.Tiny(1e-4), new([4], 1, 1e-3, 0.1)];
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 3), clock)
            .TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromHours(1), space: space);

        var trials = model.Training.Trials;
        Assert.Equal(4, trials.Count);
        var expected = trials.OrderByDescending(t => t.ValidationF1).ThenBy(t => t.Config.ParameterCount(2, BandImages.Mels)).ThenBy(t => t.ValidationLoss).First();
        Assert.Equal(expected.Config.Name, model.Config.Name);
        Assert.Equal(expected.Config.Channels, model.Config.Channels);
        Assert.Equal(expected.ValidationF1, model.Training.ValidationF1, 1e-12);
    }

    [Fact]
    public void TrainAuto_SkipsConfigurationsTooDeepForTheImages()
    {
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 2), new FakeTimeProvider())
            .TrainAuto(Data.Clips, Data.Classes, TimeSpan.FromHours(1), space: [new([4, 4, 4, 4, 4, 4], 1, 1e-3), BandImages.Tiny()]);
        Assert.Equal(BandImages.Tiny().Name, Assert.Single(model.Training.Trials).Config.Name);
    }
}
