using System.Buffers.Binary;
using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Audio;

/// <summary>Reads <c>../shared/golden</c>: <c>index.json</c> entries and their raw little-endian float32 files.</summary>
internal static class Golden
{
    private static readonly Lazy<JsonElement> Index = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(SharedFolder.Combine("golden", "index.json"))).RootElement);

    public static JsonElement Entry(string name) => Index.Value.GetProperty(name);

    public static int[] Shape(string name) => Entry(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static float[] Values(string name)
    {
        byte[] bytes = File.ReadAllBytes(SharedFolder.Combine("golden", Entry(name).GetProperty("file").GetString()!));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }

        Assert.Equal(Shape(name).Aggregate(1, (a, b) => a * b), values.Length);
        return values;
    }

    /// <summary>The clip an entry was computed from, under <c>../shared/data/real</c>.</summary>
    public static string ClipPath(string name) =>
        SharedFolder.Combine(["data", "real", .. Entry(name).GetProperty("params").GetProperty("clip").GetString()!.Split('/')]);
}
