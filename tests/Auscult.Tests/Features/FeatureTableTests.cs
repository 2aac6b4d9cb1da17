using Auscult.Audio;
using Auscult.Data;
using Auscult.Features;
using Auscult.Tests.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Features;

public sealed class FeatureTableTests : IDisposable
{
    private static readonly FeatureOptions Options = FeatureOptions.Dcase2020 with { MelBandCount = 16, ContextFrames = 3 };
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A tone of its own pitch and length, so every clip has other values and another row count.</summary>
    private string Clip(string relative, double seconds, double hz)
    {
        string path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var samples = new float[(int)(16000 * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / 16000));
        }

        WavWriter.Write(path, AudioClip.Mono(samples, 16000));
        return path;
    }

    private List<FeatureTableClip> Clips(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new FeatureTableClip(Clip($"c{i:D2}.wav", 0.5 + (0.1 * i), 200 + (150 * i)), $"c{i:D2}.wav"))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Matrix_IsEveryClipsFeatures_StackedInClipOrder_WhateverTheParallelism(int parallelism)
    {
        List<FeatureTableClip> clips = Clips(9);
        var extractor = new ClipFeatureExtractor(Options);
        using var stream = new MemoryStream();

        FeatureTableResult result = FeatureTable.Write(stream, clips, extractor, maxParallelism: parallelism);

        stream.Position = 0;
        FeatureMatrix matrix = NpyFile.Read(stream);
        Assert.Empty(result.Failures);
        Assert.Equal(clips.Select(c => c.Name), result.Rows.Select(r => r.Clip.Name));
        Assert.Equal(result.TotalRows, matrix.Rows);
        Assert.Equal(Options.VectorLength, matrix.Columns);
        long next = 0;
        foreach (FeatureTableRow row in result.Rows)
        {
            FeatureMatrix alone = extractor.Vectors(row.Clip.Path);
            Assert.Equal(next, row.FirstRow);
            Assert.Equal(alone.Rows, row.RowCount);
            Assert.Equal(alone.Data, matrix.Data.AsSpan((int)row.FirstRow * matrix.Columns, row.RowCount * matrix.Columns).ToArray());
            next += row.RowCount;
        }

        Assert.Equal(9, result.Rows.Select(r => r.RowCount).Distinct().Count());
    }

    [Fact]
    public void AClipThatCannotBeRead_IsLeftOut_AndNamed_TheOthersStayContiguous()
    {
        List<FeatureTableClip> clips = Clips(4);
        string broken = _temp.Combine("broken.wav");
        File.WriteAllText(broken, "not a wav file");
        clips.Insert(2, new FeatureTableClip(broken, "broken.wav"));
        using var stream = new MemoryStream();

        FeatureTableResult result = FeatureTable.Write(stream, clips, new ClipFeatureExtractor(Options), maxParallelism: 2);

        ClipFailure failure = Assert.Single(result.Failures);
        Assert.Equal(broken, failure.Path);
        Assert.Contains("broken.wav", failure.Message);
        Assert.Equal(["c00.wav", "c01.wav", "c02.wav", "c03.wav"], result.Rows.Select(r => r.Clip.Name));
        Assert.Equal(result.Rows[1].FirstRow + result.Rows[1].RowCount, result.Rows[2].FirstRow);
        stream.Position = 0;
        Assert.Equal(result.TotalRows, NpyFile.Read(stream).Rows);
    }

    [Fact]
    public void WriteToPath_WritesTheMatrixAndItsIndex_AndLeavesNoPartialFile()
    {
        List<FeatureTableClip> clips = Clips(3);
        string matrixPath = _temp.Combine("all.npy");

        FeatureTableResult result = FeatureTable.Write(matrixPath, clips, new ClipFeatureExtractor(Options));

        Assert.True(result.Written);
        Assert.Equal(result.TotalRows, NpyFile.Read(matrixPath).Rows);
        string[] index = File.ReadAllLines(_temp.Combine("all.index.csv"));
        Assert.Equal(FeatureTable.IndexHeader, index[0]);
        Assert.Equal($"c01.wav,,,,{result.Rows[1].FirstRow},{result.Rows[1].RowCount}", index[2]);
        Assert.Equal(4, index.Length);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.PartialSuffix));
    }

    [Fact]
    public void WhenEveryClipFails_NothingIsWritten_AndAnExistingMatrixStays()
    {
        string broken = _temp.Combine("broken.wav");
        File.WriteAllText(broken, "not a wav file");
        string matrixPath = _temp.Combine("all.npy");
        File.WriteAllText(matrixPath, "old");

        FeatureTableResult result = FeatureTable.Write(matrixPath, [new FeatureTableClip(broken, "broken.wav")], new ClipFeatureExtractor(Options));

        Assert.False(result.Written);
        Assert.Single(result.Failures);
        Assert.Equal("old", File.ReadAllText(matrixPath));
        Assert.False(File.Exists(_temp.Combine("all.index.csv")));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.PartialSuffix));
    }

    [Fact]
    public void Cancelled_Throws_AndWritesNothing()
    {
        List<FeatureTableClip> clips = Clips(3);
        string matrixPath = _temp.Combine("all.npy");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            FeatureTable.Write(matrixPath, clips, new ClipFeatureExtractor(Options), cancellationToken: cancelled.Token, maxParallelism: 2));

        Assert.Empty(Directory.GetFiles(_temp.Path, "*.npy*"));
        Assert.False(File.Exists(_temp.Combine("all.index.csv")));
    }

    [Fact]
    public void Plan_OfAMimiiFolder_GivesEachClipItsMachineSplitAndLabel_InNameOrder()
    {
        string root = _temp.Combine("data");
        FakeDataset.MimiiId(root, "fan/id_00", normals: 3, abnormals: 1);
        FakeDataset.Wav(root, "notes/stray.wav");

        IReadOnlyList<FeatureTableClip> clips = FeatureTable.Plan(root);

        Assert.Equal(
            [
                "fan/id_00/abnormal/00000000.wav,fan/id_00,test,anomaly",
                "fan/id_00/normal/00000000.wav,fan/id_00,test,normal",
                "fan/id_00/normal/00000001.wav,fan/id_00,train,normal",
                "fan/id_00/normal/00000002.wav,fan/id_00,train,normal",
                "notes/stray.wav,,,",
            ],
            clips.Select(c => $"{c.Name},{c.Machine},{c.Split},{c.Label}"));
        Assert.All(clips, c => Assert.True(File.Exists(c.Path)));
    }

    [Fact]
    public void Plan_OfAFolderInNoLayout_StillListsEveryClip()
    {
        string root = _temp.Combine("loose");
        FakeDataset.Wav(root, "b.wav");
        FakeDataset.Wav(root, "a/x.wav");

        IReadOnlyList<FeatureTableClip> clips = FeatureTable.Plan(root);

        Assert.Equal(["a/x.wav", "b.wav"], clips.Select(c => c.Name));
        Assert.All(clips, c => Assert.Equal("", c.Machine));
    }

    [Fact]
    public void Plan_OfAFolderWithoutClips_SaysSo()
    {
        Directory.CreateDirectory(_temp.Combine("empty"));

        var e = Assert.Throws<InputException>(() => FeatureTable.Plan(_temp.Combine("empty")));

        Assert.Contains("holds no .wav files", e.Message);
    }

    [Fact]
    public void Index_QuotesNamesWithCommas()
    {
        var writer = new StringWriter();
        FeatureTable.WriteIndex(writer, [new FeatureTableRow(new FeatureTableClip("/x/a,b.wav", "a,b.wav", "fan/id_00", "test", "normal"), 7, 3)]);

        Assert.Equal(FeatureTable.IndexHeader + "\n\"a,b.wav\",fan/id_00,test,normal,7,3\n", writer.ToString());
    }
}
