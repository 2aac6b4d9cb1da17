using Auscult.Torch.Models;

namespace Auscult.Torch.Tests;

public class AutoencoderPresetTests
{
    [Fact]
    public void Dcase2020_HasTheKerasBaselinesParameterCount()
    {
        // keras_model.summary() of the DCASE 2020 baseline: 269,992 parameters (Dense 265,864 + BatchNorm 4,128,
        // the latter counting gamma, beta and the two moving statistics).
        using var model = new AutoencoderModel(AutoencoderPreset.Dcase2020, seed: 0);
        long count = model.GetWeights().Where(w => !w.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Sum(w => (long)w.Value.Length);
        Assert.Equal(269_992, count);
    }

    [Fact]
    public void Dcase2020_StateDictNamesStagesAndLayers()
    {
        using var model = new AutoencoderModel(AutoencoderPreset.Dcase2020, seed: 0);
        var names = model.GetWeights().Select(w => w.Key).ToList();
        Assert.Contains("encoder.dense1.weight", names);
        Assert.Contains("encoder.bn5.running_mean", names); // the bottleneck has batch norm, as keras_model.py
        Assert.Contains("decoder.dense10.bias", names);
        Assert.Equal(640 * 128, model.GetWeights().First(w => w.Key == "decoder.dense10.weight").Value.Length);
    }

    [Fact]
    public void Mimii_HasDense64_64_8_64_64WithoutBatchNorm()
    {
        using var model = new AutoencoderModel(AutoencoderPreset.Mimii, seed: 0);
        var weights = model.GetWeights().ToDictionary(w => w.Key, w => w.Value.Length);
        Assert.DoesNotContain(weights.Keys, k => k.Contains(".bn", StringComparison.Ordinal));
        Assert.Equal(320 * 64, weights["encoder.dense1.weight"]);
        Assert.Equal(64 * 8, weights["encoder.dense3.weight"]);
        Assert.Equal(64 * 320, weights["decoder.dense6.weight"]);
        Assert.Equal(50, AutoencoderPreset.Mimii.Epochs);
    }

    [Fact]
    public void Initialisation_IsGlorotUniformWithZeroBias()
    {
        using var model = new AutoencoderModel(AutoencoderPreset.Dcase2020, seed: 5);
        var weights = model.GetWeights().ToDictionary(w => w.Key, w => w.Value);
        float[] w1 = weights["encoder.dense1.weight"];
        double limit = Math.Sqrt(6.0 / (640 + 128));
        Assert.All(w1, v => Assert.InRange(v, -limit, limit));

        // U(-a, a) has standard deviation a / sqrt(3); 81,920 draws pin it to well under 1%.
        double std = Math.Sqrt(w1.Select(v => (double)v * v).Average());
        Assert.InRange(std / (limit / Math.Sqrt(3)), 0.99, 1.01);
        Assert.All(weights["encoder.dense1.bias"], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void FromName_Unknown_ListsThePresets()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => AutoencoderPreset.FromName("resnet"));
        Assert.Contains("dcase2020", ex.Message);
        Assert.Same(AutoencoderPreset.Mimii, AutoencoderPreset.FromName("MIMII"));
    }
}
