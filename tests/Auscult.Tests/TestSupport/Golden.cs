using System.Text.Json;

namespace Auscult.Tests.TestSupport;

/// <summary>Reads the golden values in ../shared/golden: index.json and raw little-endian float32 arrays.</summary>
internal static class Golden
{
    private static readonly Lazy<JsonElement> Index = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedFolder.Combine("golden", "index.json"))).RootElement);

    public static JsonElement Entry(string name) => Index.Value.GetProperty(name);

    public static int[] Shape(string name) =>
        [.. Entry(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];

    public static float[] Values(string name)
    {
        byte[] bytes = File.ReadAllBytes(SharedFolder.Combine("golden", Entry(name).GetProperty("file").GetString()!));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i, 4));
        }

        int expected = Shape(name).Aggregate(1, (a, b) => a * b);
        Assert.Equal(expected, values.Length);
        return values;
    }

    /// <summary>The clip a golden entry was computed from, as a path below shared/data/real.</summary>
    public static string ClipPath(string name) =>
        SharedFolder.Combine("data", "real", Entry(name).GetProperty("params").GetProperty("clip").GetString()!);

    public static string RealClip(string relative) => SharedFolder.Combine("data", "real", relative);
}
