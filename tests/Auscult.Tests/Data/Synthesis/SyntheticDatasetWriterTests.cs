using Auscult.Data;
using System.Globalization;
using Auscult.Data.Synthesis;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data.Synthesis;

public sealed class SyntheticDatasetWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SynthesisOptions Small(string folder) => new()
    {
        OutputFolder = _temp.Combine(folder),
        MachineTypes = [MachineType.Fan, MachineType.Valve],
        MachineIds = [0, 2],
        NormalClipsPerId = 3,
        AbnormalClipsPerId = 2,
        ClipDuration = TimeSpan.FromSeconds(0.5),
        Seed = 7,
    };

    private static Dictionary<string, byte[]> ReadAll(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllBytes);

    private static void AssertSameFiles(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string path, byte[] bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
        }
    }

    [Fact]
    public void Write_SameOptionsTwice_GivesByteIdenticalFiles()
    {
        var writer = new SyntheticDatasetWriter();
        writer.Write(Small("a"));
        new SyntheticDatasetWriter().Write(Small("b"));
        AssertSameFiles(ReadAll(_temp.Combine("a")), ReadAll(_temp.Combine("b")));
    }

    [Fact]
    public void Write_DifferentSeed_GivesDifferentClips()
    {
        var writer = new SyntheticDatasetWriter();
        writer.Write(Small("a"));
        writer.Write(Small("b") with { Seed = 8 });
        Dictionary<string, byte[]> a = ReadAll(_temp.Combine("a")), b = ReadAll(_temp.Combine("b"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a.Keys.Where(p => p.EndsWith(".wav", StringComparison.Ordinal)),
            path => Assert.False(a[path].AsSpan(44).SequenceEqual(b[path].AsSpan(44)), $"{path} did not change with the seed"));
    }

    [Fact]
    public void Write_OutputDoesNotDependOnTheThreadCount()
    {
        var writer = new SyntheticDatasetWriter();
        writer.Write(Small("one") with { MaxDegreeOfParallelism = 1, Channels = 8 });
        writer.Write(Small("two") with { MaxDegreeOfParallelism = 2, Channels = 8 });
        writer.Write(Small("four") with { MaxDegreeOfParallelism = 4, Channels = 8 });
        Dictionary<string, byte[]> one = ReadAll(_temp.Combine("one"));
        AssertSameFiles(one, ReadAll(_temp.Combine("two")));
        AssertSameFiles(one, ReadAll(_temp.Combine("four")));
    }

    [Fact]
    public void Write_Mimii_WritesTheMimiiTreeForEverySnr()
    {
        SynthesisOptions options = Small("mimii") with { SnrDb = [6, 0, -6] };
        IReadOnlyList<SyntheticClip> clips = new SyntheticDatasetWriter().Write(options);

        Assert.Equal(3 * 2 * 2 * (3 + 2), clips.Count);
        string root = options.OutputFolder;
        Assert.True(File.Exists(Path.Combine(root, "6_dB_fan", "fan", "id_00", "normal", "00000002.wav")));
        Assert.True(File.Exists(Path.Combine(root, "-6_dB_valve", "valve", "id_02", "abnormal", "00000001.wav")));
        Assert.False(File.Exists(Path.Combine(root, "0_dB_fan", "fan", "id_00", "abnormal", "00000002.wav")));
        string[] wavs = Directory.GetFiles(root, "*.wav", SearchOption.AllDirectories);
        Assert.Equal(clips.Count, wavs.Length);
        Assert.All(wavs, path => Assert.Matches(@"[-0-9]+_dB_(fan|valve)[/\\](fan|valve)[/\\]id_0[02][/\\](normal|abnormal)[/\\]\d{8}\.wav$", path));
        Assert.All(wavs, path => Assert.Equal(44 + (8000 * 2), new FileInfo(path).Length)); // 0.5 s mono 16-bit
    }

    [Fact]
    public void Write_Dcase2020_PutsOnlyNormalsInTrainAndBalancesTest()
    {
        SynthesisOptions options = Small("dcase") with { Layout = SyntheticLayout.Dcase2020 };
        new SyntheticDatasetWriter().Write(options);
        string root = options.OutputFolder;
        foreach (string type in new[] { "fan", "valve" })
        {
            string[] train = Directory.GetFiles(Path.Combine(root, type, "train")).Select(Path.GetFileName).ToArray()!;
            string[] test = Directory.GetFiles(Path.Combine(root, type, "test")).Select(Path.GetFileName).ToArray()!;
            Assert.Equal(["normal_id_00_00000000.wav", "normal_id_02_00000000.wav"], train.Order());
            Assert.Equal(4, test.Count(f => f.StartsWith("anomaly_id_", StringComparison.Ordinal)));
            Assert.Equal(4, test.Count(f => f.StartsWith("normal_id_", StringComparison.Ordinal)));
            Assert.Contains("anomaly_id_02_00000001.wav", test);
            Assert.Contains("normal_id_00_00000001.wav", test);
        }

        Assert.Equal(["fan", "manifest.csv", "valve"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Write_Manifest_DescribesEveryClip()
    {
        // (The build runs in invariant-globalization mode, so a culture switch cannot be tested; the writer formats
        // with CultureInfo.InvariantCulture regardless.)
        SynthesisOptions options = Small("manifest") with { SnrDb = [-6] };
        IReadOnlyList<SyntheticClip> clips = new SyntheticDatasetWriter().Write(options);
        string[] lines = File.ReadAllLines(Path.Combine(options.OutputFolder, SyntheticDatasetWriter.ManifestFileName));

        Assert.Equal("path,machine_type,machine_id,label,anomaly_kind,severity,snr_db,channels,seed", lines[0]);
        Assert.Equal(clips.Count + 1, lines.Length);
        string[] normal = lines[1].Split(',');
        Assert.Equal(9, normal.Length);
        Assert.Equal(["-6_dB_fan/fan/id_00/normal/00000000.wav", "fan", "id_00", "normal", "none", "0", "-6", "1"], normal[..8]);
        Assert.Equal(SyntheticDatasetWriter.ClipSeed(7, MachineType.Fan, 0, ClipLabel.Normal, 0),
            ulong.Parse(normal[8], CultureInfo.InvariantCulture));

        string[][] rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, row => Assert.True(File.Exists(Path.Combine(options.OutputFolder, row[0]))));
        string[][] abnormal = rows.Where(r => r[3] == "abnormal").ToArray();
        Assert.Equal(2 * 2 * 2, abnormal.Length);
        Assert.All(abnormal, row => Assert.InRange(double.Parse(row[5], CultureInfo.InvariantCulture), 0.1, 1.0));
        Assert.All(abnormal, row => Assert.Equal(row[0], clips.Single(c => c.Spec.Seed.ToString(CultureInfo.InvariantCulture) == row[8]).RelativePath));
        Assert.All(abnormal.Where(r => r[1] == "valve"), row => Assert.Equal("contamination", row[4]));
        Assert.Equal(["unbalance", "voltage_change"], abnormal.Where(r => r[1] == "fan").Select(r => r[4]).Distinct().Order());
    }

    [Fact]
    public void Write_NonEmptyFolder_IsRefusedNamingTheFolder()
    {
        SynthesisOptions options = Small("busy");
        Directory.CreateDirectory(options.OutputFolder);
        File.WriteAllText(Path.Combine(options.OutputFolder, "keep.txt"), "mine");

        var error = Assert.ThrowsAny<AuscultException>(() => new SyntheticDatasetWriter().Write(options));
        Assert.Contains(Path.GetFullPath(options.OutputFolder), error.Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(options.OutputFolder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_NonEmptyFolderWithOverwrite_ReplacesTheClips()
    {
        SynthesisOptions options = Small("again");
        var writer = new SyntheticDatasetWriter();
        writer.Write(options);
        Dictionary<string, byte[]> first = ReadAll(options.OutputFolder);
        writer.Write(options with { Overwrite = true });
        AssertSameFiles(first, ReadAll(options.OutputFolder));
        Assert.ThrowsAny<AuscultException>(() => writer.Write(options));
    }

    [Fact]
    public void Write_ReportsProgressUpToTheClipCount()
    {
        var reports = new System.Collections.Concurrent.ConcurrentBag<int>();
        IReadOnlyList<SyntheticClip> clips = new SyntheticDatasetWriter().Write(Small("progress"), new SynchronousProgress(reports.Add));
        Assert.Equal(Enumerable.Range(1, clips.Count), reports.Order());
    }

    [Fact]
    public void Write_Cancelled_StopsWithoutAManifest()
    {
        using var cancellation = new CancellationTokenSource();
        SynthesisOptions options = Small("cancel") with { MaxDegreeOfParallelism = 1 };
        var progress = new SynchronousProgress(count =>
        {
            if (count == 2)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new SyntheticDatasetWriter().Write(options, progress, cancellation.Token));
        Assert.False(File.Exists(Path.Combine(options.OutputFolder, SyntheticDatasetWriter.ManifestFileName)));
        Assert.True(Directory.GetFiles(options.OutputFolder, "*.wav", SearchOption.AllDirectories).Length < 20);
    }

    [Theory]
    [InlineData(SyntheticLayout.Dcase2020, 3, 3)]
    [InlineData(SyntheticLayout.Mimii, 0, 0)]
    [InlineData(SyntheticLayout.Mimii, -1, 2)]
    public void Plan_InvalidCounts_Throw(SyntheticLayout layout, int normal, int abnormal) =>
        Assert.ThrowsAny<AuscultException>(() => SyntheticDatasetWriter.Plan(Small("x") with
        {
            Layout = layout, NormalClipsPerId = normal, AbnormalClipsPerId = abnormal,
        }));

    [Fact]
    public void Plan_Dcase2020WithSeveralSnrs_Throws() =>
        Assert.ThrowsAny<AuscultException>(() => SyntheticDatasetWriter.Plan(Small("x") with { Layout = SyntheticLayout.Dcase2020, SnrDb = [6, 0] }));

    [Fact]
    public void ClipSeed_DependsOnEveryPartOfTheIdentity()
    {
        ulong seed = SyntheticDatasetWriter.ClipSeed(1, MachineType.Pump, 2, ClipLabel.Normal, 3);
        ulong[] others =
        [
            SyntheticDatasetWriter.ClipSeed(2, MachineType.Pump, 2, ClipLabel.Normal, 3),
            SyntheticDatasetWriter.ClipSeed(1, MachineType.Fan, 2, ClipLabel.Normal, 3),
            SyntheticDatasetWriter.ClipSeed(1, MachineType.Pump, 4, ClipLabel.Normal, 3),
            SyntheticDatasetWriter.ClipSeed(1, MachineType.Pump, 2, ClipLabel.Anomaly, 3),
            SyntheticDatasetWriter.ClipSeed(1, MachineType.Pump, 2, ClipLabel.Normal, 4),
        ];
        Assert.DoesNotContain(seed, others);
        Assert.Equal(others.Length, others.Distinct().Count());
    }

    [Fact]
    public void Plan_SameClipAtDifferentSnrs_SharesItsSeed()
    {
        IReadOnlyList<SyntheticClip> clips = SyntheticDatasetWriter.Plan(Small("x") with { SnrDb = [6, -6] });
        SyntheticClip at6 = clips.Single(c => c.RelativePath == "6_dB_fan/fan/id_02/abnormal/00000001.wav");
        SyntheticClip atMinus6 = clips.Single(c => c.RelativePath == "-6_dB_fan/fan/id_02/abnormal/00000001.wav");
        Assert.Equal(at6.Spec with { SnrDb = -6 }, atMinus6.Spec);
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool, too late to assert on).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
