using Auscult.Torch.Classifier;
using static TorchSharp.torch;

namespace Auscult.Torch.Tests.Classifier;

public sealed class SpectrogramCnnTests
{
    [Theory]
    [InlineData(313, 64, 1, 2, GlobalPooling.TimeAndFrequency)]
    [InlineData(313, 64, 2, 2, GlobalPooling.Time)]
    [InlineData(40, 16, 2, 5, GlobalPooling.TimeAndFrequency)]
    [InlineData(40, 20, 2, 5, GlobalPooling.Time)]
    [InlineData(313, 128, 1, 3, GlobalPooling.Time)]
    public void Forward_GivesOneLogitPerClassForEveryImage(int frames, int mels, int timePooling, int classes, GlobalPooling pooling)
    {
        using var model = new SpectrogramCnn(new ClassifierConfig([4, 8, 8], timePooling, 1e-3, Pooling: pooling), classes, mels);
        model.Initialize(new Random(1));
        model.eval();
        using var scope = NewDisposeScope();
        var output = model.call(randn(3, 1, frames, mels));
        Assert.Equal([3L, classes], output.shape);
    }

    [Fact]
    public void StateDict_HasNamedStages()
    {
        using var model = new SpectrogramCnn(new ClassifierConfig([4, 8], 2, 1e-3), 2, 16);
        var keys = model.state_dict().Keys.ToList();
        Assert.Contains("features.conv1.weight", keys);
        Assert.Contains("features.bn2.running_mean", keys);
        Assert.Contains("head.linear.weight", keys);
    }

    [Fact]
    public void BatchNorm_HasTorchsKeysAndCountsTrainingBatchesOnly()
    {
        using var model = new SpectrogramCnn(new ClassifierConfig([4], 1, 1e-3), 2, 8);
        string[] expected = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];
        Assert.Equal(expected.Select(k => $"features.bn1.{k}").Order(), model.state_dict().Keys.Where(k => k.StartsWith("features.bn1.", StringComparison.Ordinal)).Order());

        using var scope = NewDisposeScope();
        model.train();
        model.call(randn(2, 1, 8, 8));
        model.call(randn(2, 1, 8, 8));
        model.eval();
        model.call(randn(2, 1, 8, 8));
        Assert.Equal(2L, model.state_dict()["features.bn1.num_batches_tracked"].item<long>());
        Assert.NotEqual(0f, model.state_dict()["features.bn1.running_mean"].abs().sum().item<float>());
    }

    [Theory]
    [InlineData(GlobalPooling.TimeAndFrequency)]
    [InlineData(GlobalPooling.Time)]
    public void ParameterCount_MatchesTheNetwork(GlobalPooling pooling)
    {
        var config = new ClassifierConfig([4, 8, 16], 1, 1e-3, Pooling: pooling);
        using var model = new SpectrogramCnn(config, 3, 64);
        long actual = model.parameters().Sum(p => p.numel());
        Assert.Equal(actual, config.ParameterCount(3, 64));
    }

    [Fact]
    public void MinimumInput_IsTheSmallestImageEveryPoolKeeps()
    {
        var config = new ClassifierConfig([4, 8, 8], 2, 1e-3);
        Assert.Equal((16, 8), SpectrogramCnn.MinimumInput(config));
        using var model = new SpectrogramCnn(config, 2, 8);
        model.eval();
        using var scope = NewDisposeScope();
        Assert.Equal([1L, 2], model.call(randn(1, 1, 16, 8)).shape);
    }

    [Fact]
    public void Initialize_SameSeed_SameWeights_OtherSeed_Differs()
    {
        static float[] Weights(int seed)
        {
            using var model = new SpectrogramCnn(new ClassifierConfig([4, 8], 1, 1e-3), 2, 16);
            model.Initialize(new Random(seed));
            return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
        }

        Assert.Equal(Weights(3), Weights(3));
        Assert.NotEqual(Weights(3), Weights(4));
    }
}
