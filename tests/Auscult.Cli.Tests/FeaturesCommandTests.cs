using Auscult.Audio;
using Auscult.Features;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A 2-s tone with a little noise, written as 16-bit PCM.</summary>
    private string Clip(string relative, int rate = 16000, double seconds = 2)
    {
        string path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(1);
        var samples = new float[(int)(rate * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 440 * i / rate)) + (0.01 * (random.NextDouble() - 0.5)));
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
}
