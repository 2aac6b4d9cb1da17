using Auscult.Bundles;
using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;
using Auscult.Torch.Models;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>The layout worked out from a manifest must be exactly the built modules' state dicts.</summary>
public sealed class WeightsLayoutTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Autoencoder_MatchesTheModulesStateDict(bool batchNorm)
    {
        var preset = TinyData.Preset() with { HiddenLayers = [16, 12], BatchNorm = batchNorm };
        using var model = new AutoencoderModel(preset, seed: 1);
        var expected = WeightsLayout.Autoencoder(new ModelArchitecture(preset.InputSize, preset.HiddenLayers, preset.Bottleneck, batchNorm));
        AssertSame(expected, model.Module.state_dict());
    }

    [Theory]
    [InlineData(GlobalPooling.TimeAndFrequency, 1)]
    [InlineData(GlobalPooling.Time, 2)]
    public void Classifier_MatchesTheModulesStateDict(GlobalPooling pooling, int timePooling)
    {
        var config = new ClassifierConfig([4, 8, 6], timePooling, 1e-3, Pooling: pooling);
        using var module = new SpectrogramCnn(config, 3, 32);
        AssertSame(WeightsLayout.Classifier(config, 3, 32), module.state_dict());
    }

    [Fact]
    public void Crc32_OfTheCheckString_IsTheStandardValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));

    [Fact]
    public void BundleText_EscapesControlCharactersAndCapsLength()
    {
        Assert.Equal("a\\u001B[31m\\u000Ab\\u202E", BundleText.Safe("a\u001b[31m\nb\u202e"));
        Assert.Equal(new string('x', 80) + "…", BundleText.Safe(new string('x', 1000)));
        Assert.Equal("fan 🙂", BundleText.Safe("fan 🙂"));
        Assert.Equal("\\uD83D", BundleText.Safe("\ud83d"));
    }

    private static void AssertSame(IReadOnlyList<(string Name, int Type, long[] Shape)> expected, IDictionary<string, TorchSharp.torch.Tensor> stateDict)
    {
        // Compared as sets: TorchSharp lists parameters before buffers, and the bundle check goes by name.
        Assert.Equal(expected.Select(t => $"{t.Name} {t.Type} [{string.Join(',', t.Shape)}]").Order(StringComparer.Ordinal),
            stateDict.Select(kv => $"{kv.Key} {(int)kv.Value.dtype} [{string.Join(',', kv.Value.shape)}]").Order(StringComparer.Ordinal));
    }
}
