using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Auscult.Bundles;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Tests.Fuzzing;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>One test per problem the bundle fuzzer found, each on a bundle written here.</summary>
public sealed class BundleValidationTests(SeedFixture seeds) : IClassFixture<SeedFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SeedBundles_StillLoad()
    {
        using var autoencoder = ModelBundle.Load(Write(seeds.Autoencoder));
        using var classifier = ModelBundle.Load(Write(seeds.Classifier));
        Assert.Equal(ModelKind.Autoencoder, autoencoder.Kind);
        Assert.Equal(ModelKind.Classifier, classifier.Kind);
    }

    [Fact]
    public void OneChangedByteInStoredWeights_IsRefusedByTheChecksum()
    {
        // Stored uncompressed, so the changed byte is a weight's low mantissa bit: still a finite number, only the
        // CRC-32 can tell.
        byte[] stored = BundleZip.Replace(seeds.Autoencoder, "weights.bin", w => w, CompressionLevel.NoCompression);
        byte[] weights = BundleZip.Entries(stored).Single(e => e.Name == "weights.bin").Data;
        var tensor = WeightsFile.Parse(weights).First(t => t.Name == "encoder.dense1.weight");
        int inFile = stored.AsSpan().IndexOf(weights.AsSpan(tensor.Offset, 64));
        Assert.True(inFile > 0);
        stored[inFile + 4] ^= 1;

        var ex = Refused(stored);
        Assert.Contains("checksum of 'weights.bin'", ex.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteWeight_IsRefused(float value)
    {
        var ex = Refused(EditTensor(seeds.Autoencoder, "decoder.dense3.bias", t => BinaryPrimitives.WriteSingleLittleEndian(t.Data.AsSpan(4), value)));
        Assert.Contains("'decoder.dense3.bias' holds NaN or infinite weights", ex.Message);
    }

    [Fact]
    public void NonFiniteBuffer_IsRefused()
    {
        var ex = Refused(EditTensor(seeds.Autoencoder, "encoder.bn1.running_var", t => BinaryPrimitives.WriteSingleLittleEndian(t.Data, float.NaN)));
        Assert.Contains("encoder.bn1.running_var", ex.Message);
    }

    [Fact]
    public void NonFiniteClassifierWeight_IsRefused()
    {
        var ex = Refused(EditTensor(seeds.Classifier, "features.conv1.weight", t => BinaryPrimitives.WriteSingleLittleEndian(t.Data, float.NegativeInfinity)));
        Assert.Contains("features.conv1.weight", ex.Message);
    }

    [Fact]
    public void MissingThresholdValue_IsRefusedNotReadAsZero()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["threshold"]!.AsObject().Remove("value")));
        Assert.Contains("'value'", ex.Message);
        Assert.Contains("ThresholdSpec", ex.Message);
    }

    [Fact]
    public void MissingHiddenLayers_IsRefusedNamingTheField()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["architecture"]!.AsObject().Remove("hiddenLayers")));
        Assert.Contains("'hiddenLayers'", ex.Message);
    }

    [Fact]
    public void NullHiddenLayers_IsRefusedNamingTheField()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["architecture"]!["hiddenLayers"] = null));
        Assert.Contains("hiddenLayers", ex.Message);
    }

    [Fact]
    public void MissingFeatureOption_IsRefusedNotDefaulted()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["features"]!.AsObject().Remove("hopLength")));
        Assert.Contains("features.hopLength is missing", ex.Message);
    }

    [Theory]
    [InlineData("epochs", 0, "epochs 0 must be at least 1")]
    [InlineData("batchSize", 1, "batchSize 1 must be at least 2")]
    [InlineData("learningRate", -1, "learningRate -1 must be positive")]
    [InlineData("validationFraction", 1, "validationFraction 1 must lie in [0, 1)")]
    public void OutOfRangeTopLevelField_IsRefusedNamingIt(string field, double value, string expected)
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m[field] = value));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void IntegerEnumValue_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["features"]!["padMode"] = 57));
        Assert.Contains("padMode", ex.Message);
    }

    [Fact]
    public void NaNString_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["threshold"]!["value"] = "NaN"));
        Assert.Contains("threshold.value", ex.Message);
    }

    [Fact]
    public void OverflowingNumber_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["architecture"]!["bottleneck"] = 1e300));
        Assert.Contains("bottleneck", ex.Message);
    }

    [Fact]
    public void HugeHiddenLayer_IsRefusedBeforeAnyModelIsBuilt()
    {
        string path = Write(EditManifest(seeds.Autoencoder, m => m["architecture"]!["hiddenLayers"] = new JsonArray(2_000_000, 64)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
        Assert.Contains("architecture.hiddenLayers[0] 2000000 must lie in 1 to 16,384", ex.Message);
    }

    [Fact]
    public void ParameterCountOverTheCap_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["architecture"]!["hiddenLayers"] = new JsonArray(16_000, 16_000, 16_000)));
        Assert.Contains("parameters; at most 16,777,216 are loaded", ex.Message);
    }

    [Fact]
    public void ArchitectureTheWeightsDoNotHave_IsRefusedBeforeBuilding()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["architecture"]!["hiddenLayers"] = new JsonArray(32)));
        Assert.Contains("does not fit its manifest: tensor 'encoder.dense1.weight' has shape [16, 24]", ex.Message);
        Assert.Contains("needs [32, 24]", ex.Message);
    }

    [Fact]
    public void ClassifierWithMoreClassesThanItsWeights_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Classifier, m => m["classifier"]!["classNames"]!.AsArray().Add("third")));
        Assert.Contains("'head.linear.weight'", ex.Message);
    }

    [Fact]
    public void ClassifierWithHugeChannels_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Classifier, m => m["classifier"]!["config"]!["channels"] = new JsonArray(4, 1_000_000)));
        Assert.Contains("classifier.config.channels[1]", ex.Message);
    }

    [Fact]
    public void ClassifierWithoutThreshold_IsRefused()
    {
        var ex = Refused(EditManifest(seeds.Classifier, m => m.AsObject().Remove("threshold")));
        Assert.Contains("threshold is missing", ex.Message);
    }

    [Fact]
    public void MissingTensor_And_ExtraTensor_AreRefused()
    {
        var missing = Refused(EditWeights(seeds.Autoencoder, t => t.RemoveAll(x => x.Name == "decoder.dense3.weight")));
        Assert.Contains("lacks tensor 'decoder.dense3.weight'", missing.Message);
        var extra = Refused(EditWeights(seeds.Autoencoder, t => t.Add(("extra", WeightsFile.Float32Type, [1], new byte[4]))));
        Assert.Contains("tensor 'extra' the model does not have", extra.Message);
    }

    [Fact]
    public void WeightsTorchSharpsReaderWouldThrowOn_AreAModelException()
    {
        // An element type TorchSharp cannot map, and a count far beyond the data: its reader threw FormatException and
        // OverflowException here.
        var type = Refused(EditWeights(seeds.Autoencoder, t => t[0] = (t[0].Name, 250, t[0].Shape, t[0].Data)));
        Assert.Contains("element type 250", type.Message);
        var count = Refused(BundleZip.Replace(seeds.Autoencoder, "weights.bin", w => [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. w[1..]]));
        Assert.Contains("weights.bin", count.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 8, 0x65, 0x6E, 0x63, 0x6F, 0x64, 0x65, 0x72, 0x2E, 0x06 })] // ends inside a tensor
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // a huge tensor count
    [InlineData(new byte[] { 1, 3, 0x61, 0x62, 0x63, 0x7F, 0x01, 0x01 })] // an unknown element type
    public void WhateverTorchSharpsReaderThrows_BecomesAModelExceptionNamingTheBundle(byte[] weights)
    {
        // The weights are checked before TorchSharp reads them; this is the guard behind that check.
        using var model = new Models.AutoencoderModel(TinyData.Preset(), seed: 1);
        var ex = Assert.Throws<ModelException>(() => ModelBundle.LoadWeights(model.Module, weights, "shown.auscult"));
        Assert.Contains("Model bundle 'shown.auscult' has weights TorchSharp cannot read", ex.Message);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void TensorNameWithControlCharacters_IsEscapedInTheMessage()
    {
        var ex = Refused(EditWeights(seeds.Autoencoder, t => t[0] = ("\u001b[2J\u001b]0;pwned\u0007" + t[0].Name + "\r\n", t[0].Type, t[0].Shape, t[0].Data)));
        Assert.Contains("\\u001B[2J", ex.Message);
    }

    [Fact]
    public void ChannelTheManifestCannotParse_IsAModelExceptionNamingTheBundle()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["features"]!["channel"] = "left\nright"));
        Assert.Contains("left\\u000Aright", ex.Message);
    }

    [Fact]
    public void VeryLongString_IsRefusedAndNotEchoedWhole()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["preset"] = new string('p', 100_000)));
        Assert.Contains("preset is 100,000 characters long", ex.Message);
        Assert.True(ex.Message.Length < 2000);
    }

    [Fact]
    public void UnknownModelKindWithControlCharacters_IsEscaped()
    {
        var ex = Refused(EditManifest(seeds.Autoencoder, m => m["modelKind"] = "\u001b[31mevil"));
        Assert.Contains("'\\u001B[31mevil'", ex.Message);
    }

    [Fact]
    public void DeflateBomb_IsRefusedByItsDeclaredSize()
    {
        byte[] bomb = BundleZip.Replace(seeds.Autoencoder, "weights.bin", _ => new byte[BundleLimits.MaxWeightsBytes + 1], CompressionLevel.SmallestSize);
        string path = Write(bomb);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
        Assert.Contains("declares 83,886,081 bytes for 'weights.bin'", ex.Message);
    }

    [Fact]
    public void DeflateBombThatUnderstatesItsSize_StopsOneBytePastTheDeclaredSize()
    {
        byte[] bomb = BundleZip.Replace(seeds.Autoencoder, "manifest.json", m => [.. m, .. new byte[20_000_000]], CompressionLevel.SmallestSize);
        // Declare the manifest's true length in both headers again: 20 MB of zeros now hide behind it.
        int manifestLength = BundleZip.Entries(seeds.Autoencoder).Single(e => e.Name == "manifest.json").Data.Length;
        SetUncompressedSize(bomb, "manifest.json", (uint)manifestLength);
        string path = Write(bomb);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void TooManyEntries_AreRefused()
    {
        var entries = BundleZip.Entries(seeds.Autoencoder);
        entries.AddRange(Enumerable.Range(0, BundleLimits.MaxEntries).Select(i => ($"extra{i}", new byte[1])));
        var ex = Refused(BundleZip.Zip(entries));
        Assert.Contains("entries; a bundle has at most 16", ex.Message);
    }

    [Fact]
    public void ExtraEntries_CannotMultiplyTheSizeLimit()
    {
        var entries = BundleZip.Entries(seeds.Autoencoder);
        entries.AddRange(Enumerable.Range(0, 3).Select(i => ($"extra{i}", new byte[BundleLimits.MaxWeightsBytes / 2])));
        string path = Write(BundleZip.Zip(entries, CompressionLevel.SmallestSize));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
        Assert.Contains("decompressed bytes; at most 88,080,384 are read", ex.Message);
    }

    [Fact]
    public void DamagedExtraEntry_IsRefusedToo()
    {
        var entries = BundleZip.Entries(seeds.Autoencoder);
        entries.Add(("notes.txt", Encoding.UTF8.GetBytes("hello, hello, hello")));
        byte[] bundle = BundleZip.Zip(entries, CompressionLevel.NoCompression);
        bundle[bundle.AsSpan().IndexOf("hello, hello"u8) + 1] ^= 1;
        var ex = Refused(bundle);
        Assert.Contains("checksum of 'notes.txt'", ex.Message);
    }

    [Fact]
    public void DuplicateEntry_IsRefused()
    {
        var entries = BundleZip.Entries(seeds.Autoencoder);
        entries.Add(entries[0]);
        var ex = Refused(BundleZip.Zip(entries));
        Assert.Contains("two entries named 'manifest.json'", ex.Message);
    }

    [Fact]
    public void PathWithControlCharacters_IsEscapedInTheMessage()
    {
        string path = _temp.Combine("bad\u001bname.auscult");
        File.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.Contains("bad\\u001Bname.auscult", ex.Message);
        Assert.DoesNotContain(ex.Message, char.IsControl);
    }

    private string Write(byte[] bundle)
    {
        string path = _temp.Combine($"{Guid.NewGuid():N}.auscult");
        File.WriteAllBytes(path, bundle);
        return path;
    }

    private ModelException Refused(byte[] bundle)
    {
        string path = Write(bundle);
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain(ex.Message, char.IsControl);
        return ex;
    }

    private static byte[] EditManifest(byte[] bundle, Action<JsonNode> edit) => BundleZip.Replace(bundle, "manifest.json", data =>
    {
        var json = JsonNode.Parse(data)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    });

    private static byte[] EditWeights(byte[] bundle, Action<List<(string Name, int Type, long[] Shape, byte[] Data)>> edit) =>
        BundleZip.Replace(bundle, "weights.bin", data =>
        {
            var tensors = BundleZip.Tensors(data);
            edit(tensors);
            return BundleZip.Weights(tensors);
        });

    private static byte[] EditTensor(byte[] bundle, string name, Action<(string Name, int Type, long[] Shape, byte[] Data)> edit) =>
        EditWeights(bundle, tensors => edit(tensors.Single(t => t.Name == name)));

    // Rewrites the uncompressed size in the entry's local and central headers (the CRC stays the bundle's).
    private static void SetUncompressedSize(byte[] zip, string name, uint size)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        for (int i = 0; i + 46 < zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }
}
