using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Auscult.Bundles;

namespace Auscult.Torch.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of a valid bundle: byte flips anywhere, truncation, central-directory damage, size-field edits,
/// manifest JSON edits and weight tensor edits. The same seed always gives the same bundle.
/// </summary>
internal static class BundleMutator
{
    private const uint LocalHeader = 0x04034b50, CentralHeader = 0x02014b50, EndOfCentralDirectory = 0x06054b50;

    /// <summary>One mutation of <paramref name="bundle"/> chosen by <paramref name="random"/>, and what it did.</summary>
    public static (string Description, byte[] Bundle) Mutate(byte[] bundle, Random random) => random.Next(7) switch
    {
        0 => FlipBytes(bundle, random),
        1 => Truncate(bundle, random),
        2 => DamageCentralDirectory(bundle, random),
        3 => EditSizeField(bundle, random),
        4 or 5 => EditManifest(bundle, random),
        _ => EditWeights(bundle, random),
    };

    private static (string, byte[]) FlipBytes(byte[] bundle, Random random)
    {
        var copy = (byte[])bundle.Clone();
        int flips = 1 + random.Next(4);
        var positions = new List<int>();
        for (int i = 0; i < flips; i++)
        {
            int at = random.Next(copy.Length);
            copy[at] ^= (byte)(1 + random.Next(255));
            positions.Add(at);
        }

        return ($"flip bytes at {string.Join(',', positions)}", copy);
    }

    private static (string, byte[]) Truncate(byte[] bundle, Random random)
    {
        int length = random.Next(bundle.Length);
        return ($"truncate to {length}", bundle[..length]);
    }

    private static (string, byte[]) DamageCentralDirectory(byte[] bundle, Random random)
    {
        var copy = (byte[])bundle.Clone();
        int end = LastIndexOf(copy, EndOfCentralDirectory);
        int start = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(end + 16));
        switch (random.Next(4))
        {
            case 0: // any byte of the central directory or its end record
                int at = start + random.Next(copy.Length - start);
                copy[at] ^= (byte)(1 + random.Next(255));
                return ($"central directory byte {at}", copy);
            case 1: // entry counts
                ushort count = new ushort[] { 0, 1, 3, 0xFFFF }[random.Next(4)];
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(end + 8), count);
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(end + 10), count);
                return ($"entry count {count}", copy);
            case 2: // directory offset
                uint offset = (uint)random.Next(copy.Length + 100);
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(end + 16), offset);
                return ($"directory offset {offset}", copy);
            default: // an entry's local header offset
                var headers = IndexesOf(copy, CentralHeader);
                int header = headers[random.Next(headers.Count)];
                uint local = (uint)random.Next(copy.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(header + 42), local);
                return ($"local header offset {local} at {header}", copy);
        }
    }

    private static (string, byte[]) EditSizeField(byte[] bundle, Random random)
    {
        var copy = (byte[])bundle.Clone();
        bool central = random.Next(2) == 0;
        var headers = IndexesOf(copy, central ? CentralHeader : LocalHeader);
        int header = headers[random.Next(headers.Count)];
        // Compressed size at 20 (central) or 18 (local), uncompressed size 4 bytes after it.
        int field = (central ? 20 : 18) + (random.Next(2) * 4);
        uint old = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(header + field));
        uint value = random.Next(5) switch
        {
            0 => 0,
            1 => old + 1,
            2 => old - 1,
            3 => 1u << 30, // 1 GiB
            _ => uint.MaxValue - 1,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(header + field), value);
        return ($"{(central ? "central" : "local")} size field +{field} at {header}: {old} -> {value}", copy);
    }

    private static (string, byte[]) EditManifest(byte[] bundle, Random random)
    {
        string description = "";
        var result = BundleZip.Replace(bundle, "manifest.json", data =>
        {
            var root = JsonNode.Parse(data)!;
            var leaves = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
            Collect(root, "$", leaves);
            var (parent, key, index, path) = leaves[random.Next(leaves.Count)];
            int kind = random.Next(14);
            JsonNode? value = kind switch
            {
                0 => null, // removed below
                1 => JsonValue.Create("a string"),
                2 => new JsonArray(1, 2),
                3 => new JsonObject { ["x"] = 1 },
                4 => JsonValue.Create(1e300),
                5 => JsonValue.Create(2_000_000_000),
                6 => JsonValue.Create(-1),
                7 => JsonValue.Create("NaN"),
                8 => JsonValue.Create(new string('x', 100_000)),
                9 => JsonValue.Create("\u001b[31m\r\nred\u0007\u202e"),
                10 => JsonValue.Create(0),
                11 => JsonValue.Create(true),
                12 => JsonValue.Create(random.Next(1, 70_000)), // inside or just over the limits: reaches the shape check and scoring
                _ => JsonValue.Create(1 << random.Next(1, 8)),
            };
            if (kind == 0)
            {
                description = $"manifest: remove {path}";
                if (key is not null)
                {
                    parent.AsObject().Remove(key);
                }
                else
                {
                    parent.AsArray().RemoveAt(index);
                }
            }
            else
            {
                description = $"manifest: {path} = {Short(value)}";
                if (key is not null)
                {
                    parent[key] = value;
                }
                else
                {
                    parent[index] = value;
                }
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        });
        return (description, result);
    }

    private static (string, byte[]) EditWeights(byte[] bundle, Random random)
    {
        string description = "";
        var result = BundleZip.Replace(bundle, "weights.bin", data =>
        {
            var tensors = BundleZip.Tensors(data);
            int pick = random.Next(tensors.Count);
            var (name, type, shape, bytes) = tensors[pick];
            switch (random.Next(8))
            {
                case 0 when type == WeightsFile.Float32Type && bytes.Length >= 4:
                    float bad = random.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
                    int at = random.Next(bytes.Length / 4) * 4;
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), bad);
                    description = $"weights: {name}[{at / 4}] = {bad}";
                    break;
                case 1 when shape.Length > 0:
                    int d = random.Next(shape.Length);
                    shape[d] += random.Next(2) == 0 ? 1 : -1;
                    long elements = shape.Aggregate(1L, (p, x) => p * Math.Max(0, x));
                    // Usually keep the data consistent with the new shape, so the shape check itself is exercised.
                    if (random.Next(2) == 0 && elements >= 0)
                    {
                        Array.Resize(ref bytes, (int)(elements * (type == WeightsFile.Int64Type ? 8 : 4)));
                    }

                    description = $"weights: {name} shape [{string.Join(',', shape)}]";
                    break;
                case 2:
                    tensors.RemoveAt(pick);
                    description = $"weights: drop {name}";
                    return BundleZip.Weights(tensors);
                case 3:
                    tensors.Add((name, type, shape, bytes));
                    description = $"weights: duplicate {name}";
                    return BundleZip.Weights(tensors);
                case 4:
                    tensors.Add(("extra.weight", WeightsFile.Float32Type, [4], new byte[16]));
                    description = "weights: extra tensor";
                    return BundleZip.Weights(tensors);
                case 5:
                    name = "\u001b]0;owned\u0007" + name + "\n";
                    description = "weights: rename with control characters";
                    break;
                case 6:
                    type = random.Next(2) == 0 ? 7 : 99;
                    description = $"weights: {name} type {type}";
                    break;
                default:
                    shape = [.. shape, 2_000_000];
                    description = $"weights: {name} huge shape";
                    break;
            }

            tensors[pick] = (name, type, shape, bytes);
            return BundleZip.Weights(tensors);
        });
        return (description, result);
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> leaves)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    leaves.Add((o, key, -1, $"{path}.{key}"));
                    if (child is not null)
                    {
                        Collect(child, $"{path}.{key}", leaves);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    leaves.Add((a, null, i, $"{path}[{i}]"));
                    if (a[i] is { } child)
                    {
                        Collect(child, $"{path}[{i}]", leaves);
                    }
                }

                break;
        }
    }

    private static string Short(JsonNode? value)
    {
        string text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? $"{text[..40]}... ({text.Length} chars)" : text;
    }

    private static int LastIndexOf(byte[] data, uint signature)
    {
        for (int i = data.Length - 4; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i)) == signature)
            {
                return i;
            }
        }

        throw new InvalidOperationException("No such record.");
    }

    private static List<int> IndexesOf(byte[] data, uint signature)
    {
        var found = new List<int>();
        for (int i = 0; i + 4 <= data.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i)) == signature)
            {
                found.Add(i);
            }
        }

        return found;
    }
}
