using Auscult.Audio;
using Auscult.Features;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A 2-s tone with a little noise, written as 16-bit PCM.</summary>
    private string Clip(string relative, int rate = 16000, double seconds = 2, double hz = 440)
    {
        string path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(1);
        var samples = new float[(int)(rate * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((0.3 * Math.Sin(2 * Math.PI * hz * i / rate)) + (0.01 * (random.NextDouble() - 0.5)));
        }

        WavWriter.Write(path, AudioClip.Mono(samples, rate));
        return path;
    }

    [Fact]
    public async Task Folder_WritesOneNpyPerClip_MirroringSubfolders_WithTheExtractorsValues()
    {
        string a = Clip("in/id_00/a.wav");
        Clip("in/id_02/b.wav");
        string output = _temp.Combine("out");
        var run = await CliRun.Of("features", _temp.Combine("in"), "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("wrote 2 feature matrices (59 x 640 float32 each)", run.Output);

        FeatureMatrix written = NpyFile.Read(Path.Combine(output, "id_00", "a.npy"));
        FeatureMatrix expected = new ClipFeatureExtractor(FeatureOptions.Dcase2020).Vectors(a);
        Assert.Equal(expected.Data, written.Data);
        Assert.True(File.Exists(Path.Combine(output, "id_02", "b.npy")));
    }

    [Fact]
    public async Task File_Csv_OneRowPerFrameWithContextFramesOne()
    {
        string clip = Clip("a.wav");
        string output = _temp.Combine("a.csv");
        var run = await CliRun.Of("features", clip, "--out", output, "--format", "csv", "--context-frames", "1", "--mel-bands", "64");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(63, lines.Length); // 1 + 32000 / 512 frames
        Assert.All(lines, line => Assert.Equal(64, line.Split(',').Length));
    }

    [Fact]
    public async Task ExistingOutput_IsNotOverwritten_WithoutTheFlag()
    {
        string clip = Clip("a.wav");
        string output = _temp.Combine("a.npy");
        File.WriteAllText(output, "precious");
        var run = await CliRun.Of("features", clip, "--out", output);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("--overwrite", run.Error);
        Assert.Equal("precious", File.ReadAllText(output));

        var forced = await CliRun.Of("features", clip, "--out", output, "--overwrite");
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.Equal(59, NpyFile.Read(output).Rows);
    }

    [Fact]
    public async Task TruncatedClipInAFolder_IsNamed_AndTheOthersAreWritten()
    {
        Clip("in/good.wav");
        string bad = _temp.Combine("in", "bad.wav");
        File.WriteAllBytes(bad, File.ReadAllBytes(_temp.Combine("in", "good.wav"))[..2000]);
        string output = _temp.Combine("out");
        var run = await CliRun.Of("features", _temp.Combine("in"), "--out", output);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("bad.wav", run.Error);
        Assert.Contains("1 of 2 clips failed", run.Error);
        Assert.True(File.Exists(Path.Combine(output, "good.npy")));
        Assert.False(File.Exists(Path.Combine(output, "bad.npy")));
    }

    [Fact]
    public async Task OtherRate_IsResampled_UnlessNoResample()
    {
        string clip48 = Clip("a48.wav", rate: 48000);
        string clip16 = Clip("a16.wav", rate: 16000);
        var refused = await CliRun.Of("features", clip48, "--out", _temp.Combine("refused.npy"), "--no-resample");
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains("a48.wav", refused.Error);
        Assert.Contains("48000 Hz", refused.Error);
        Assert.Contains("without --no-resample", refused.Error); // the library names no flag; the command adds it

        Assert.Equal(ExitCodes.Success, (await CliRun.Of("features", clip48, "--out", _temp.Combine("r48.npy"), "--context-frames", "1")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await CliRun.Of("features", clip16, "--out", _temp.Combine("r16.npy"), "--context-frames", "1")).ExitCode);
        FeatureMatrix from48 = NpyFile.Read(_temp.Combine("r48.npy"));
        FeatureMatrix from16 = NpyFile.Read(_temp.Combine("r16.npy"));
        Assert.Equal(from16.Rows, from48.Rows);
        // The 440 Hz tone's band must agree within 0.5 dB away from the clip edges (the noise differs between rates).
        int band = Enumerable.Range(0, from16.Columns).MaxBy(c => from16[30, c]);
        for (int frame = 5; frame < from16.Rows - 5; frame++)
        {
            Assert.InRange(from48[frame, band] - from16[frame, band], -0.5f, 0.5f);
        }
    }

    [Fact]
    public async Task EmptyFolder_SaysSo()
    {
        string empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);
        var run = await CliRun.Of("features", empty, "--out", _temp.Combine("out"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("holds no .wav files", run.Error);
    }

    [Fact]
    public async Task BareOutputFileName_IsWrittenInTheWorkingFolder()
    {
        // A real process, so its working folder can be the temp folder without touching this test run's.
        string clip = Clip("a.wav");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "Auscult.Cli.dll"), "features", clip, "--out", "a.npy" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == ExitCodes.Success, error);
        Assert.Equal(59, NpyFile.Read(_temp.Combine("a.npy")).Rows);
    }

    /// <summary>A MIMII-like machine folder: two normal clips and one abnormal, each of its own length and pitch.</summary>
    private string MachineFolder()
    {
        Clip("data/fan/id_00/normal/00000000.wav", seconds: 1.5, hz: 300);
        Clip("data/fan/id_00/normal/00000001.wav", seconds: 2.5, hz: 500);
        Clip("data/fan/id_00/abnormal/00000000.wav", seconds: 1, hz: 2000);
        return _temp.Combine("data");
    }

    /// <summary>Reads a .npy file with its own parser (not the product's), as numpy would: header dictionary, then float32 LE rows.</summary>
    private static (long Rows, int Columns, float[] Data) ReadNpy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'fortran_order': False", header);
        var shape = System.Text.RegularExpressions.Regex.Match(header, @"'shape': \((\d+), (\d+)\)");
        Assert.True(shape.Success, header);
        long rows = long.Parse(shape.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int columns = int.Parse(shape.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        int start = 10 + headerLength;
        Assert.Equal(start + (rows * columns * 4), bytes.Length);
        var data = new float[rows * columns];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + (4 * i)));
        }

        return (rows, columns, data);
    }

    [Fact]
    public async Task Folder_ToANpyFile_StacksEveryClipInOneMatrix_WithAnIndexOfItsRows()
    {
        string data = MachineFolder();
        string output = _temp.Combine("tables", "all.npy");

        var run = await CliRun.Of("features", data, "--out", output, "--mel-bands", "32", "--context-frames", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var (rows, columns, values) = ReadNpy(output);
        Assert.Equal(64, columns);
        Assert.Contains($"wrote 3 clips as one {rows} x 64 float32 matrix", run.Output);
        string[] index = File.ReadAllLines(_temp.Combine("tables", "all.index.csv"));
        Assert.Equal("clip,machine,split,label,first_row,row_count", index[0]);
        Assert.Equal(
            ["fan/id_00/abnormal/00000000.wav,fan/id_00,test,anomaly", "fan/id_00/normal/00000000.wav,fan/id_00,test,normal",
                "fan/id_00/normal/00000001.wav,fan/id_00,train,normal"],
            index[1..].Select(line => string.Join(',', line.Split(',')[..4])));

        var extractor = new ClipFeatureExtractor(FeatureOptions.Dcase2020 with { MelBandCount = 32, ContextFrames = 2 });
        long next = 0;
        foreach (string line in index[1..])
        {
            string[] fields = line.Split(',');
            long first = long.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture);
            int count = int.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture);
            FeatureMatrix alone = extractor.Vectors(Path.Combine(data, fields[0]));
            Assert.Equal(next, first);
            Assert.Equal(alone.Rows, count);
            Assert.Equal(alone.Data, values.AsSpan((int)first * columns, count * columns).ToArray());
            next += count;
        }

        Assert.Equal(rows, next);
    }

    [Fact]
    public async Task Folder_ToANpyFile_RefusesToReplaceTheMatrixOrItsIndex_WithoutOverwrite()
    {
        string data = MachineFolder();
        string output = _temp.Combine("all.npy");
        string index = _temp.Combine("all.index.csv");
        File.WriteAllText(index, "precious");

        var refused = await CliRun.Of("features", data, "--out", output);

        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains("all.index.csv: already exists", refused.Error);
        Assert.False(File.Exists(output));
        Assert.Equal("precious", File.ReadAllText(index));

        Assert.Equal(ExitCodes.Success, (await CliRun.Of("features", data, "--out", output, "--overwrite")).ExitCode);
        Assert.Equal(4, File.ReadAllLines(index).Length);
        var again = await CliRun.Of("features", data, "--out", output);
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("all.npy: already exists", again.Error);
    }

    [Fact]
    public async Task Folder_ToANpyFile_NamesAFailingClip_AndStacksTheOthers()
    {
        string data = MachineFolder();
        string bad = Path.Combine(data, "fan", "id_00", "normal", "00000002.wav");
        File.WriteAllBytes(bad, File.ReadAllBytes(Path.Combine(data, "fan", "id_00", "normal", "00000000.wav"))[..2000]);
        string output = _temp.Combine("all.npy");

        var run = await CliRun.Of("features", data, "--out", output);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("00000002.wav", run.Error);
        Assert.Contains("1 of 4 clips failed; their rows are not in", run.Error);
        string[] index = File.ReadAllLines(_temp.Combine("all.index.csv"));
        Assert.Equal(4, index.Length);
        Assert.DoesNotContain(index, line => line.Contains("00000002.wav", StringComparison.Ordinal));
        Assert.Equal(long.Parse(index[^1].Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)
            + long.Parse(index[^1].Split(',')[5], System.Globalization.CultureInfo.InvariantCulture), ReadNpy(output).Rows);
    }

    [Fact]
    public async Task Folder_ToANpyFile_AsCsv_IsRefused()
    {
        var run = await CliRun.Of("features", MachineFolder(), "--out", _temp.Combine("all.npy"), "--format", "csv");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("a stacked matrix is written as .npy", run.Error);
        Assert.False(File.Exists(_temp.Combine("all.npy")));
    }

    [Fact]
    public async Task Folder_ToAnExistingFolderNamedNpy_StillWritesOneFilePerClip()
    {
        string data = MachineFolder();
        string output = _temp.Combine("out.npy");
        Directory.CreateDirectory(output);

        var run = await CliRun.Of("features", data, "--out", output);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "fan", "id_00", "abnormal", "00000000.npy")));
    }
}
