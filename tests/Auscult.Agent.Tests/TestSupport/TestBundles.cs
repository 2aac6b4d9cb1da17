using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>
/// Writes small autoencoder bundles with seeded random weights, in the bundle format (a zip of <c>manifest.json</c>
/// and TorchSharp's state-dict <c>weights.bin</c>), so that agent tests score with a real bundle without TorchSharp.
/// Parity of the managed forward pass with TorchSharp is proven in Auscult.Torch.Tests; here only the agent's use of it.
/// </summary>
internal static class TestBundles
{
    public const int MelBands = 8;
    public const int ContextFrames = 3;
    private static readonly int[] Hidden = [16];
    private const int Bottleneck = 4;

    /// <summary>Writes an autoencoder bundle (8 mels x 3 frames, 16-4-16, batch norm) with <paramref name="threshold"/>.</summary>
    public static string Autoencoder(string path, double threshold, string kind = "autoencoder")
    {
        int input = MelBands * ContextFrames;
        string manifest = $$"""
            {
              "formatVersion": 3,
              "modelKind": "{{kind}}",
              "preset": "tiny",
              "architecture": { "inputSize": {{input}}, "hiddenLayers": [{{string.Join(",", Hidden)}}], "bottleneck": {{Bottleneck}}, "batchNorm": true },
              "features": { "sampleRate": 16000, "fftSize": 1024, "hopLength": 512, "melBandCount": {{MelBands}}, "minFrequencyHz": 0,
                "maxFrequencyHz": null, "spectrumPower": 2, "center": true, "padMode": "reflect", "melScale": "slaney",
                "melNormalization": "slaney", "logScale": "dcase", "topDb": 80, "contextFrames": {{ContextFrames}}, "channel": "0" },
              "normalization": "none",
              "threshold": { "value": {{threshold.ToString("R", CultureInfo.InvariantCulture)}}, "method": "fixed", "parameters": {} },
              "trainingData": { "clipCount": 4, "vectorCount": 40, "machineType": "fan", "machineId": "id_00", "scores": null },
              "seed": 1, "epochs": 1, "batchSize": 32, "learningRate": 0.001, "validationFraction": 0.1,
              "versions": { "auscult": "test", "torchSharp": "none", "libTorch": "none" },
              "createdUtc": "2026-01-01T00:00:00+00:00"
            }
            """;
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest));
            Write(zip, "weights.bin", Weights(input));
        }

        return path;
    }

    private static void Write(ZipArchive zip, string name, byte[] data)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(data);
    }

    /// <summary>The state dict of the 24-16-4-16-24 network: Glorot-like seeded weights, batch-norm statistics near 0 and 1.</summary>
    private static byte[] Weights(int input)
    {
        var random = new Random(42);
        var tensors = new List<(string Name, int Type, long[] Shape, byte[] Data)>();
        void Floats(string name, long[] shape, Func<float> value)
        {
            long n = shape.Aggregate(1L, (a, b) => a * b);
            var data = new byte[n * 4];
            for (int i = 0; i < n; i++)
            {
                BitConverter.TryWriteBytes(data.AsSpan(i * 4), value());
            }

            tensors.Add((name, 6, shape, data));
        }

        int layer = 0, width = input;
        void Dense(string stage, int outputs, bool hidden)
        {
            layer++;
            float limit = (float)Math.Sqrt(6.0 / (width + outputs));
            Floats($"{stage}.dense{layer}.weight", [outputs, width], () => ((float)random.NextDouble() * 2 - 1) * limit);
            Floats($"{stage}.dense{layer}.bias", [outputs], () => ((float)random.NextDouble() - 0.5f) * 0.1f);
            if (hidden)
            {
                Floats($"{stage}.bn{layer}.weight", [outputs], () => 1 + (((float)random.NextDouble() - 0.5f) * 0.2f));
                Floats($"{stage}.bn{layer}.bias", [outputs], () => ((float)random.NextDouble() - 0.5f) * 0.2f);
                Floats($"{stage}.bn{layer}.running_mean", [outputs], () => ((float)random.NextDouble() - 0.5f) * 0.2f);
                Floats($"{stage}.bn{layer}.running_var", [outputs], () => 1 + ((float)random.NextDouble() * 0.2f));
                tensors.Add(($"{stage}.bn{layer}.num_batches_tracked", 4, [], BitConverter.GetBytes(10L)));
            }

            width = outputs;
        }

        foreach (int h in Hidden)
        {
            Dense("encoder", h, true);
        }

        Dense("encoder", Bottleneck, true);
        foreach (int h in Hidden.Reverse())
        {
            Dense("decoder", h, true);
        }

        Dense("decoder", input, false);

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        Leb128(writer, tensors.Count);
        foreach (var (name, type, shape, data) in tensors)
        {
            writer.Write(name); // a 7-bit length prefix, then UTF-8
            Leb128(writer, type);
            Leb128(writer, shape.Length);
            foreach (long d in shape)
            {
                Leb128(writer, d);
            }

            writer.Write(data);
        }

        writer.Flush();
        return stream.ToArray();
    }

    private static void Leb128(BinaryWriter writer, long value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
