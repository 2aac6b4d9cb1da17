using Auscult.Server.Jobs;

namespace Auscult.Server.Tests.Jobs;

/// <summary>Which jobs a machine type is offered, and the words of why not.</summary>
public sealed class JobRulesTests
{
    private static readonly JobOptions Options = new() { FirstModelMinimumClips = 864, RetrainMinimumClips = 100, ClassifierMinimumAnomalies = 10 };
    private static readonly string ModelId = new('a', 64);

    [Fact]
    public void ATypeWithoutAModel_IsOfferedItsFirstAutoencoder_OnceItHasADayOfClips()
    {
        var early = JobRules.Offer("pump", null, 500, 0, null, Options);
        var ready = JobRules.Offer("pump", null, 864, 0, null, Options);

        Assert.False(early.CanStart(JobKind.FirstAutoencoder));
        Assert.Equal("The first autoencoder of pump needs at least 864 normal clips whose audio is kept (Auscult:Jobs:FirstModelMinimumClips); there are 500, 364 more to go.",
            early.WhyNot(JobKind.FirstAutoencoder));
        Assert.True(ready.CanStart(JobKind.FirstAutoencoder));
        Assert.Null(ready.WhyNot(JobKind.FirstAutoencoder));
        Assert.Equal("pump has no model yet: train its first autoencoder.", ready.WhyNot(JobKind.RetrainAutoencoder));
    }

    [Fact]
    public void ATypeWithAModel_IsOfferedARetraining_AndTheClassifierOnceItHasEnoughAnomalies()
    {
        var offer = JobRules.Offer("fan", ModelId, 100, 9, null, Options);
        var labelled = JobRules.Offer("fan", ModelId, 100, 10, null, Options);

        Assert.True(offer.CanStart(JobKind.RetrainAutoencoder));
        Assert.Equal("fan already has a model (aaaaaaaaaaaa); retrain it instead.", offer.WhyNot(JobKind.FirstAutoencoder));
        Assert.Contains("needs at least 10 clips labelled anomalous", offer.WhyNot(JobKind.TrainClassifier), StringComparison.Ordinal);
        Assert.Contains("there are 9, 1 more to go", offer.WhyNot(JobKind.TrainClassifier), StringComparison.Ordinal);
        Assert.True(labelled.CanStart(JobKind.TrainClassifier));
        Assert.Contains("needs at least 100 normal clips", JobRules.Offer("fan", ModelId, 99, 0, null, Options).WhyNot(JobKind.RetrainAutoencoder),
            StringComparison.Ordinal);
    }

    [Fact]
    public void ATypeWithAJobUnderWay_IsOfferedNothing_AndToldWhichJob()
    {
        var running = new JobRecord("job-7", JobKind.TrainClassifier, "fan", JobState.Running, "user:ada", DateTimeOffset.UnixEpoch, null, null, null, null,
            false, new JobProgress(null, 0, 0), null, null, null, null, null, null);

        var offer = JobRules.Offer("fan", ModelId, 10_000, 100, running, Options);

        Assert.All(offer.Kinds, k => Assert.False(k.Available));
        Assert.All(offer.Kinds, k => Assert.Equal("Job job-7 (train-classifier) is already running for fan; wait for it to end or cancel it.", k.Reason));
        Assert.Equal("job-7", offer.ActiveJobId);
    }
}
