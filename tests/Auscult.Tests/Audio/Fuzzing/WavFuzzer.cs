using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Auscult.Audio;
using Auscult.Features;

namespace Auscult.Tests.Audio.Fuzzing;

/// <summary>
/// Seeded fuzzing of the WAV path that <c>auscult features</c> and <c>score</c> take: valid seed files (PCM 8/16/24/32
/// bit, float 32/64, mono and 8 channels, WAVE_FORMAT_EXTENSIBLE, rates that need resampling) are mutated, written to
/// disk and pushed through <see cref="ClipFeatureExtractor"/>. Shared by the test suite (a short run) and the
/// benchmarks project (<c>fuzz-wav</c>, the long run).
/// </summary>
/// <remarks>
/// The contract for every case: either features that are all finite, or an <see cref="InputException"/> whose message
/// names the file and holds no control characters; never another exception, never more than
/// <see cref="TimeLimit"/>, never more than <see cref="AllocationLimitBytes"/> allocated. Case <c>i</c> of seed
/// <c>s</c> is generated from its own <see cref="Random"/>(<c>s * 1_000_003 + i</c>), so any case replays alone.
/// </remarks>
internal sealed class WavFuzzer
{
    private static readonly int[] OddRates =
        [0, 1, 2, 100, 999, 1000, 8000, 11025, 16000, 22050, 44100, 44101, 48000, 96000, 192000, 767_999, 768_000, 768_001, int.MaxValue];

    private static readonly uint[] OddSizes = [0, 1, 2, 3, 7, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF];

    private readonly string _folder;
    private readonly int _seed;
    private readonly ClipFeatureExtractor _extractor = new(FeatureOptions.Dcase2020);
    private readonly ClipFeatureExtractor _meanExtractor = new(FeatureOptions.Dcase2020 with { Channel = ChannelSelection.Mean });
    private readonly (string Name, byte[] Bytes)[] _seeds;

    /// <param name="folder">Where case files are written (one at a time, deleted after each case).</param>
    /// <param name="seed">Seeds every mutation; the same seed gives the same cases.</param>
    public WavFuzzer(string folder, int seed)
    {
        _folder = folder;
        _seed = seed;
        _seeds = Seeds();
    }

    /// <summary>Longest a case may take; generous, because the machine is shared and odd rates build filter plans.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Most bytes a case may allocate (the files are at most a few hundred KB).</summary>
    public long AllocationLimitBytes { get; init; } = 64L << 20;

    /// <summary>Runs cases <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public WavFuzzSummary Run(int count, int first = 0, Action<int>? progress = null)
    {
        var summary = new WavFuzzSummary();
        for (int i = first; i < first + count; i++)
        {
            summary.Add(RunCase(i));
            progress?.Invoke(i - first + 1);
            if (summary.Hangs > 0)
            {
                break; // a hung case still occupies a thread; the run's figures would mean nothing after it
            }
        }

        return summary;
    }

    /// <summary>Generates case <paramref name="index"/> and checks the contract on it.</summary>
    public WavFuzzResult RunCase(int index)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + index));
        var (bytes, description) = Generate(random);
        string path = Path.Combine(_folder, $"case-{index:D6}.wav");
        File.WriteAllBytes(path, bytes);
        bool vectors = random.Next(2) == 0;
        var extractor = random.Next(4) == 0 ? _meanExtractor : _extractor;
        try
        {
            var task = Task.Factory.StartNew(() => Measure(extractor, path, vectors), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (!task.Wait(TimeLimit))
            {
                return new WavFuzzResult(index, description, WavFuzzOutcome.Hang, TimeLimit, 0, $"no answer within {TimeLimit.TotalSeconds} s", bytes);
            }

            var (outcome, elapsed, allocated, detail) = task.Result;
            if (outcome != WavFuzzOutcome.Crash && allocated > AllocationLimitBytes)
            {
                (outcome, detail) = (WavFuzzOutcome.Crash, $"allocated {allocated} bytes, over the limit of {AllocationLimitBytes}; {detail}");
            }

            return new WavFuzzResult(index, description, outcome, elapsed, allocated, detail, outcome == WavFuzzOutcome.Crash ? bytes : null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (WavFuzzOutcome, TimeSpan, long, string) Measure(ClipFeatureExtractor extractor, string path, bool vectors)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        WavFuzzOutcome outcome;
        string detail;
        try
        {
            int nonFinite;
            if (vectors)
            {
                nonFinite = -1;
                extractor.Vectors(path, (buffer, rows, columns) => nonFinite = AudioSamples.CountNonFinite(buffer.AsSpan(0, rows * columns)));
            }
            else
            {
                nonFinite = AudioSamples.CountNonFinite(extractor.LogMel(path).Data);
            }

            (outcome, detail) = nonFinite == 0 ? (WavFuzzOutcome.Accepted, "") : (WavFuzzOutcome.Crash, $"accepted, but {nonFinite} feature values are not finite");
        }
        catch (InputException e)
        {
            (outcome, detail) = !e.Message.Contains(path, StringComparison.Ordinal) ? (WavFuzzOutcome.Crash, $"refused without naming the file: {e.Message}")
                : e.Message.Any(char.IsControl) ? (WavFuzzOutcome.Crash, $"refused with control characters in the message: {Printable(e.Message)}")
                : (WavFuzzOutcome.Refused, e.Message);
        }
        catch (Exception e)
        {
            (outcome, detail) = (WavFuzzOutcome.Crash, e.ToString());
        }

        return (outcome, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before, detail);
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    // ---- seeds --------------------------------------------------------------------------------------------------

    /// <summary>Valid files, each about a quarter of a second: every encoding, mono and 8 channels, plain and extensible.</summary>
    private static (string, byte[])[] Seeds()
    {
        var random = new Random(20261201);
        double[] Signal(int count) => [.. Enumerable.Range(0, count).Select(n => (0.5 * Math.Sin(n * 0.07)) + (0.1 * (random.NextDouble() - 0.5)))];
        byte[] Pcm(int bits, double[] x) => bits switch
        {
            8 => [.. x.Select(v => (byte)Math.Clamp((int)Math.Round((v * 128) + 128), 0, 255))],
            16 => WavBytes.Int16([.. x.Select(v => (short)Math.Round(v * 32767))]),
            24 => WavBytes.Int24([.. x.Select(v => (int)Math.Round(v * 8388607))]),
            _ => WavBytes.Int32([.. x.Select(v => (int)Math.Round(v * 2147483647.0))]),
        };
        byte[] Plain(ushort tag, int channels, int rate, int bits, byte[] data) =>
            WavBytes.Riff(WavBytes.Fmt(tag, channels, rate, bits), WavBytes.DataChunk(data));
        byte[] Extensible(ushort tag, int channels, int rate, int bits, byte[] data) =>
            WavBytes.Riff(WavBytes.FmtExtensible(tag, channels, rate, bits, channelMask: 0xFF), WavBytes.DataChunk(data));

        const int Frames = 4000;
        return
        [
            ("pcm8 mono", Plain(WavBytes.Pcm, 1, 16000, 8, Pcm(8, Signal(Frames)))),
            ("pcm16 mono", Plain(WavBytes.Pcm, 1, 16000, 16, Pcm(16, Signal(Frames)))),
            ("pcm24 mono", Plain(WavBytes.Pcm, 1, 16000, 24, Pcm(24, Signal(Frames)))),
            ("pcm32 mono", Plain(WavBytes.Pcm, 1, 16000, 32, Pcm(32, Signal(Frames)))),
            ("float32 mono", Plain(WavBytes.IeeeFloat, 1, 16000, 32, WavBytes.Float32([.. Signal(Frames).Select(v => (float)v)]))),
            ("float64 mono", Plain(WavBytes.IeeeFloat, 1, 16000, 64, WavBytes.Float64(Signal(Frames)))),
            ("pcm16 44.1 kHz mono", Plain(WavBytes.Pcm, 1, 44100, 16, Pcm(16, Signal(11025)))),
            ("pcm16 8ch extensible", Extensible(WavBytes.Pcm, 8, 16000, 16, Pcm(16, Signal(8 * Frames)))),
            ("pcm24 8ch extensible", Extensible(WavBytes.Pcm, 8, 16000, 24, Pcm(24, Signal(8 * Frames)))),
            ("float32 8ch extensible", Extensible(WavBytes.IeeeFloat, 8, 16000, 32, WavBytes.Float32([.. Signal(8 * Frames).Select(v => (float)v)]))),
            ("float64 mono extensible 48 kHz", Extensible(WavBytes.IeeeFloat, 1, 48000, 64, WavBytes.Float64(Signal(12000)))),
        ];
    }

    // ---- mutations ----------------------------------------------------------------------------------------------

    private (byte[] Bytes, string Description) Generate(Random random)
    {
        var (name, original) = _seeds[random.Next(_seeds.Length)];
        var bytes = new List<byte>(original);
        var applied = new List<string>();
        int mutations = random.Next(10) == 0 ? 0 : 1 + (random.Next(4) == 0 ? random.Next(3) : 0);
        for (int m = 0; m < mutations; m++)
        {
            applied.Add(Mutate(random, bytes));
        }

        return ([.. bytes], $"{name}: {(applied.Count == 0 ? "unchanged" : string.Join("; ", applied))}");
    }

    private static string Mutate(Random random, List<byte> bytes)
    {
        var chunks = Walk(bytes);
        var fmt = chunks.FirstOrDefault(c => c.Id == "fmt ");
        switch (random.Next(9))
        {
            case 0:
            {
                int flips = 1 + random.Next(8);
                // Half of the flips land in the header, where they change the meaning of the file, not just a sample.
                int span = random.Next(2) == 0 ? Math.Min(bytes.Count, 80) : bytes.Count;
                for (int f = 0; f < flips && span > 0; f++)
                {
                    int at = random.Next(span);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return $"{flips} bit flips in the first {span} bytes";
            }

            case 1:
            {
                // A size field: RIFF's or a chunk's, set to a boundary value, an odd one, or past the end of the file.
                var fields = new List<(int At, string What)> { (4, "RIFF size") };
                fields.AddRange(chunks.Select(c => (c.Offset + 4, $"'{c.Id}' size")));
                var (at, what) = fields[random.Next(fields.Count)];
                if (at + 4 > bytes.Count)
                {
                    return "size field beyond the end (no change)";
                }

                uint old = ReadUInt32(bytes, at);
                uint value = random.Next(4) switch
                {
                    0 => OddSizes[random.Next(OddSizes.Length)],
                    1 => old | 1,
                    2 => (uint)(bytes.Count - at + random.Next(-8, 64)),
                    _ => old + (uint)random.Next(-3, 4),
                };
                WriteUInt32(bytes, at, value);
                return $"{what} {old} -> {value}";
            }

            case 2:
            {
                // Truncation at a chunk boundary (header, chunk header, chunk body) or anywhere.
                var cuts = new List<int> { 0, 4, 8, 11, 12 };
                foreach (var c in chunks)
                {
                    cuts.AddRange([c.Offset, c.Offset + 4, c.Offset + 8, c.Offset + 9, c.Offset + 8 + (int)Math.Min(c.Size, int.MaxValue / 2)]);
                }

                int cut = random.Next(3) == 0 ? random.Next(bytes.Count + 1) : cuts[random.Next(cuts.Count)];
                cut = Math.Clamp(cut, 0, bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                return $"truncated to {cut} bytes";
            }

            case 3 when fmt.Id is not null:
            {
                // Absurd format fields: tag, channels, rate, bits, block align, extensible cbSize/valid bits/sub-format.
                int body = fmt.Offset + 8;
                int field = random.Next(7);
                (int at, int width, long value, string what) = field switch
                {
                    0 => (body, 2, (long)Pick(random, [0, 1, 2, 3, 6, 0x55, 0xFFFE, 0xFFFF]), "format tag"),
                    1 => (body + 2, 2, Pick(random, [0, 1, 2, 3, 7, 8, 9, 255, 65535]), "channels"),
                    2 => (body + 4, 4, random.Next(3) == 0 ? random.Next(1, 1_000_000) : Pick(random, OddRates), "sample rate"),
                    3 => (body + 14, 2, Pick(random, [0, 1, 4, 7, 8, 12, 16, 20, 24, 32, 48, 64, 65535]), "bits"),
                    4 => (body + 12, 2, Pick(random, [0, 1, 3, 5, 16, 64, 65535]), "block align"),
                    5 => (body + 16, 2, Pick(random, [0, 1, 22, 65535]), "cbSize"),
                    _ => (body + 24 + random.Next(16), 1, random.Next(256), "sub-format byte"),
                };
                if (at + width > bytes.Count)
                {
                    return $"{what} beyond the end (no change)";
                }

                for (int b = 0; b < width; b++)
                {
                    bytes[at + b] = (byte)(value >> (8 * b));
                }

                // Keep block align consistent half of the time, so the value itself is what gets tested.
                if (field is 1 or 3 && random.Next(2) == 0 && body + 16 <= bytes.Count)
                {
                    int channels = bytes[body + 2] | bytes[body + 3] << 8;
                    int bits = bytes[body + 14] | bytes[body + 15] << 8;
                    int align = channels * (bits / 8);
                    bytes[body + 12] = (byte)align;
                    bytes[body + 13] = (byte)(align >> 8);
                    return $"{what} = {value} (block align {align & 0xFFFF})";
                }

                return $"{what} = {value}";
            }

            case 4:
            {
                // Extra, duplicate, missing and reordered chunks.
                int end = chunks.Count == 0 ? 12 : chunks[^1].Offset + 8 + (int)Math.Min(chunks[^1].Size + (chunks[^1].Size & 1), bytes.Count);
                end = Math.Min(end, bytes.Count);
                int where = chunks.Count == 0 ? Math.Min(12, bytes.Count) : Pick(random, [.. chunks.Select(c => c.Offset), end]);
                switch (random.Next(4))
                {
                    case 0:
                        int length = Pick(random, [0, 1, 3, 4, 17, 300]);
                        byte[] junk = WavBytes.Chunk(Pick(random, ["LIST", "junk", "fact", "\0\0\0\0", "dat\u0001"]), RandomBytes(random, length));
                        bytes.InsertRange(where, random.Next(4) == 0 ? junk[..^(length & 1)] : junk); // sometimes without its pad byte
                        return $"extra chunk of {length} bytes at {where}";
                    case 1 when chunks.Count > 0:
                        var copy = chunks[random.Next(chunks.Count)];
                        byte[] copied = [.. bytes.Skip(copy.Offset).Take((int)Math.Min(8 + copy.Size + (copy.Size & 1), 1 << 20))];
                        bytes.InsertRange(where, copied);
                        return $"duplicate '{copy.Id}' at {where}";
                    case 2 when chunks.Count > 0:
                        var gone = chunks[random.Next(chunks.Count)];
                        int size = (int)Math.Min(8 + gone.Size + (gone.Size & 1), bytes.Count - gone.Offset);
                        bytes.RemoveRange(gone.Offset, size);
                        return $"removed '{gone.Id}'";
                    default:
                        if (chunks.Count < 2)
                        {
                            return "reorder with fewer than two chunks (no change)";
                        }

                        var last = chunks[^1];
                        int lastSize = (int)Math.Min(8 + last.Size + (last.Size & 1), bytes.Count - last.Offset);
                        byte[] moved = [.. bytes.Skip(last.Offset).Take(lastSize)];
                        bytes.RemoveRange(last.Offset, lastSize);
                        bytes.InsertRange(chunks[0].Offset, moved);
                        return $"'{last.Id}' moved first";
                }
            }

            case 5 when fmt.Id is not null && chunks.FirstOrDefault(c => c.Id == "data") is { Id: not null } data:
            {
                // Poisoned float samples: NaN, infinities, a double beyond float range, denormals, extremes.
                int bits = fmt.Offset + 24 <= bytes.Count ? bytes[fmt.Offset + 8 + 14] : 0;
                int width = bits == 64 ? 8 : 4;
                int samples = (int)Math.Min(data.Size, bytes.Count - data.Offset - 8) / width;
                int count = samples == 0 ? 0 : 1 + random.Next(Math.Min(samples, 50));
                double value = Pick(random, [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e39, 1e-45, float.MaxValue, -2.0]);
                for (int s = 0; s < count; s++)
                {
                    int at = data.Offset + 8 + (random.Next(samples) * width);
                    byte[] encoded = width == 8 ? BitConverter.GetBytes(value) : BitConverter.GetBytes((float)value);
                    for (int b = 0; b < width; b++)
                    {
                        bytes[at + b] = encoded[b];
                    }
                }

                return $"{count} samples set to {value} ({width * 8}-bit)";
            }

            case 6:
            {
                int at = random.Next(bytes.Count + 1);
                int length = Math.Min(1 + random.Next(64), bytes.Count - at);
                byte fill = Pick(random, new byte[] { 0x00, 0xFF, 0x7F, 0x80 });
                for (int b = 0; b < length; b++)
                {
                    bytes[at + b] = random.Next(2) == 0 ? fill : (byte)random.Next(256);
                }

                return $"{length} bytes overwritten at {at}";
            }

            case 7:
            {
                int length = Pick(random, [1, 2, 7, 8, 9, 4096]);
                bytes.AddRange(RandomBytes(random, length));
                return $"{length} junk bytes appended";
            }

            default:
            {
                // The magic numbers: RIFF, WAVE, and the fmt and data ids.
                int at = Pick(random, [0, 3, 8, 11, .. chunks.Select(c => c.Offset)]);
                if (at >= bytes.Count)
                {
                    return "magic beyond the end (no change)";
                }

                bytes[at] = (byte)random.Next(256);
                return $"magic byte at {at} set to 0x{bytes[at]:X2}";
            }
        }
    }

    /// <summary>The chunks of a (possibly mutated) file, walked as a reader would, stopping where the walk leaves the file.</summary>
    private static List<(int Offset, string Id, uint Size)> Walk(List<byte> bytes)
    {
        var chunks = new List<(int, string, uint)>();
        long position = 12;
        while (position + 8 <= bytes.Count && chunks.Count < 64)
        {
            int at = (int)position;
            string id = Encoding.Latin1.GetString([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            uint size = ReadUInt32(bytes, at + 4);
            chunks.Add((at, id, size));
            position += 8L + size + (size & 1);
        }

        return chunks;
    }

    private static uint ReadUInt32(List<byte> bytes, int at) =>
        BinaryPrimitives.ReadUInt32LittleEndian([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);

    private static void WriteUInt32(List<byte> bytes, int at, uint value)
    {
        for (int b = 0; b < 4; b++)
        {
            bytes[at + b] = (byte)(value >> (8 * b));
        }
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>What one fuzz case came to.</summary>
internal enum WavFuzzOutcome
{
    /// <summary>Decoded; every feature value finite.</summary>
    Accepted,

    /// <summary>Refused with an <see cref="InputException"/> that names the file.</summary>
    Refused,

    /// <summary>Anything that breaks the contract: another exception, a non-finite feature, a bad message, too much memory.</summary>
    Crash,

    /// <summary>No answer within the time limit.</summary>
    Hang,
}

/// <summary>One case: its index, the seed file and mutations, the outcome and its cost.</summary>
internal sealed record WavFuzzResult(int Index, string Description, WavFuzzOutcome Outcome, TimeSpan Elapsed, long AllocatedBytes, string Detail, byte[]? Bytes)
{
    public override string ToString() =>
        $"case {Index} ({Description}): {Outcome}, {Elapsed.TotalMilliseconds:F0} ms, {AllocatedBytes / (1024.0 * 1024):F1} MiB: {Detail}";
}

/// <summary>Counts and worst costs over a run; keeps the contract-breaking cases.</summary>
internal sealed class WavFuzzSummary
{
    public int Cases { get; private set; }

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public int Crashes { get; private set; }

    public int Hangs { get; private set; }

    public TimeSpan MaxElapsed { get; private set; }

    public long MaxAllocatedBytes { get; private set; }

    public WavFuzzResult? Slowest { get; private set; }

    public WavFuzzResult? Hungriest { get; private set; }

    public List<WavFuzzResult> Failures { get; } = [];

    public void Add(WavFuzzResult result)
    {
        Cases++;
        switch (result.Outcome)
        {
            case WavFuzzOutcome.Accepted: Accepted++; break;
            case WavFuzzOutcome.Refused: Refused++; break;
            case WavFuzzOutcome.Crash: Crashes++; Failures.Add(result); break;
            default: Hangs++; Failures.Add(result); break;
        }

        if (result.Elapsed > MaxElapsed)
        {
            (MaxElapsed, Slowest) = (result.Elapsed, result);
        }

        if (result.AllocatedBytes > MaxAllocatedBytes)
        {
            (MaxAllocatedBytes, Hungriest) = (result.AllocatedBytes, result);
        }
    }

    public override string ToString() =>
        $"cases {Cases}, accepted {Accepted}, refused {Refused}, crashes {Crashes}, hangs {Hangs}, " +
        $"max {MaxElapsed.TotalMilliseconds:F0} ms per case, max {MaxAllocatedBytes / (1024.0 * 1024):F1} MiB allocated per case";
}
