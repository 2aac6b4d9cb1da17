using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>Issue #10 sections 3 and 4: what a new user met on the command line, without training a model.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Clip(string relative, double seconds = 1, int rate = 16000)
    {
        string path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var samples = new float[(int)(rate * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        WavWriter.Write(path, AudioClip.Mono(samples, rate));
        return path;
    }

    private static void AssertOneLineError(CliRun run)
    {
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    [Fact]
    public async Task Features_OutInsideAnExistingFile_IsOneLineNamingThePath()
    {
        string clip = Clip("a.wav");
        string file = _temp.Combine("notes.txt");
        File.WriteAllText(file, "keep me");
        var run = await CliRun.Of("features", clip, "--out", Path.Combine(file, "one.npy"));
        AssertOneLineError(run);
        Assert.Contains(file, run.Error);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task Spectrograms_OutIsAnExistingFile_IsOneLineNotAnAggregateException()
    {
        Clip("plain/normal/a.wav");
        Clip("plain/normal/b.wav");
        Clip("plain/abnormal/c.wav");
        string file = _temp.Combine("images.txt");
        File.WriteAllText(file, "");
        var run = await CliRun.Of("spectrograms", "--data", _temp.Combine("plain"), "--out", file);
        AssertOneLineError(run);
        Assert.Contains($"{file}: is a file", run.Error);
    }

    [Fact]
    public void Describe_UnwrapsAggregateExceptions_AndNamesTheFolderOfAReadOnlyFileSystem()
    {
        var readOnly = new IOException("Read-only file system : '/mnt/ro/one.npy.partial'");
        Assert.Equal("cannot write to /mnt/ro: read-only file system.", CliErrors.Describe(new AggregateException(readOnly)));
    }

    [Fact]
    public void Describe_SpeaksPlainly_NotInDotNetWords()
    {
        Assert.Equal("/x/y/a.npy: a folder on this path does not exist.",
            CliErrors.Describe(new DirectoryNotFoundException("Could not find a part of the path '/x/y/a.npy'.")));
        Assert.Equal("/x/a: permission denied.", CliErrors.Describe(new UnauthorizedAccessException("Access to the path '/x/a' is denied.")));
        Assert.Null(CliErrors.Describe(new InvalidOperationException("a defect keeps its stack trace")));
        Assert.Equal("the database: 57P01: terminating connection due to administrator command",
            CliErrors.Describe(new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
    }

    [Fact]
    public async Task Score_FileThatIsNotABundle_SaysSo()
    {
        string fake = _temp.Combine("fake.auscult");
        File.WriteAllText(fake, "not a zip");
        var run = await CliRun.Of("score", "--model", fake, Clip("a.wav"));
        AssertOneLineError(run);
        Assert.Contains($"{fake}: not a model bundle", run.Error);
        Assert.DoesNotContain("Central Directory", run.Error);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("0.5")]
    public void Budget_BareNumber_IsRefused_NotReadAsDays(string text)
    {
        var error = Assert.Throws<ConfigurationException>(() => CliOptions.ParseDuration(text));
        Assert.Contains("needs a unit", error.Message);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:10:00", 600)]
    public void Budget_WithUnit_IsParsed(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CliOptions.ParseDuration(text));

    [Theory]
    [InlineData("--preset", "mimii")]
    [InlineData("--epochs", "3")]
    [InlineData("--threshold-method", "percentile")]
    public async Task Train_ClassifierWithAnAutoencoderOption_IsRefused(string option, string value)
    {
        var run = await CliRun.Of("train", "--model", "classifier", "--data", _temp.Path, "--out", _temp.Combine("m.auscult"), option, value);
        AssertOneLineError(run);
        Assert.Contains($"{option} does not apply", run.Error);
    }

    [Fact]
    public async Task Train_ThresholdParameterWithoutMethod_IsRefused()
    {
        var run = await CliRun.Of("train", "--data", _temp.Path, "--out", _temp.Combine("m.auscult"), "--threshold-parameter", "0.5");
        AssertOneLineError(run);
        Assert.Contains("--threshold-parameter does not apply without --threshold-method", run.Error);
    }

    [Fact]
    public async Task Train_AutoencoderWithBudget_IsRefused()
    {
        var run = await CliRun.Of("train", "--data", _temp.Path, "--out", _temp.Combine("m.auscult"), "--budget", "10m");
        AssertOneLineError(run);
        Assert.Contains("--budget does not apply", run.Error);
    }

    [Fact]
    public async Task Train_OutInAMissingFolder_IsRefusedBeforeReadingTheData()
    {
        string model = _temp.Combine("missing", "m.auscult");
        var run = await CliRun.Of("train", "--data", _temp.Combine("no-data"), "--out", model);
        AssertOneLineError(run);
        Assert.Contains("does not exist", run.Error);
        Assert.Contains(_temp.Combine("missing"), run.Error);
    }

    [Fact]
    public async Task Train_GammaQuantileOutOfRange_IsRefusedBeforeTraining()
    {
        var run = await CliRun.Of("train", "--data", _temp.Path, "--out", _temp.Combine("m.auscult"), "--threshold-method", "gamma", "--threshold-parameter", "90");
        AssertOneLineError(run);
        Assert.Contains("gamma quantile", run.Error);
    }

    [Fact]
    public async Task Evaluate_ThresholdParameterWithoutFixed_IsRefused()
    {
        var run = await CliRun.Of("evaluate", "--model", _temp.Combine("m.auscult"), "--data", _temp.Path,
            "--threshold-method", "max-f1", "--threshold-parameter", "0.5");
        AssertOneLineError(run);
        Assert.Contains("--threshold-parameter does not apply without --threshold-method fixed", run.Error);
    }

    [Fact]
    public async Task Score_OutWithoutExplain_IsRefused()
    {
        var run = await CliRun.Of("score", "--model", _temp.Combine("m.auscult"), Clip("a.wav"), "--out", _temp.Combine("maps"));
        AssertOneLineError(run);
        Assert.Contains("--out does not apply without --explain", run.Error);
        Assert.False(Directory.Exists(_temp.Combine("maps")));
    }

    [Fact]
    public async Task BareAuscult_ShowsHelp_AndExitsZero()
    {
        var run = await CliRun.Of();
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("auscult [command] [options]", run.Output);
        Assert.Equal("", run.Error);
    }

    [Theory]
    [InlineData("[default: mimii]", "train", "--help")]
    [InlineData("[default: gamma]", "train", "--help")]
    [InlineData("[default: reflect]", "features", "--help")]
    [InlineData("[default: npy]", "features", "--help")]
    [InlineData("[default: table]", "score", "--help")]
    public async Task Help_PrintsChoiceDefaultsAsTheUserTypesThem(string expected, params string[] args)
    {
        var run = await CliRun.Of(args);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(expected, run.Output);
        Assert.DoesNotContain("AutoencoderPreset", run.Output);
        Assert.DoesNotContain("[default: Reflect]", run.Output);
    }

    [Fact]
    public async Task Explore_IntoAFolderWithFiles_RefusesWithoutOverwrite()
    {
        string clip = Clip("a.wav");
        string folder = _temp.Combine("pictures");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a_waveform.png"), "mine");
        var refused = await CliRun.Of("explore", clip, "--out", folder);
        AssertOneLineError(refused);
        Assert.Contains("--overwrite", refused.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "a_waveform.png")));

        var replaced = await CliRun.Of("explore", clip, "--out", folder, "--overwrite");
        Assert.True(replaced.ExitCode == ExitCodes.Success, replaced.Error);
        Assert.NotEqual("mine", File.ReadAllText(Path.Combine(folder, "a_waveform.png")));
    }

    [Fact]
    public async Task FailedCommand_LeavesNoEmptyOutputFolder()
    {
        string bad = _temp.Combine("bad.wav");
        File.WriteAllText(bad, "not audio");
        string folder = _temp.Combine("new", "pictures");
        var run = await CliRun.Of("explore", bad, "--out", folder);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.False(Directory.Exists(_temp.Combine("new")));
    }

    [Fact]
    public async Task Features_OnlyClipFails_SaysNothingWasWritten_NotWroteZero()
    {
        string bad = _temp.Combine("bad.wav");
        File.WriteAllText(bad, "not audio");
        var run = await CliRun.Of("features", bad, "--out", _temp.Combine("out", "bad.npy"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.DoesNotContain("wrote 0", run.Output);
        Assert.Contains("no features were written", run.Error);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }

    [Fact]
    public async Task Features_TooShortForReflectPadding_HintsAtThePadMode()
    {
        string clip = Clip("tiny.wav", seconds: 0.01);
        var run = await CliRun.Of("features", clip, "--out", _temp.Combine("tiny.npy"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("tiny.wav", run.Error);
        Assert.Contains("--pad-mode constant", run.Error);
    }

    [Theory]
    [InlineData(4.2, "4.2 s")]
    [InlineData(18.3, "18 s")]
    [InlineData(90, "1 min 30 s")]
    [InlineData(600, "10 min")]
    [InlineData(3900, "1 h 5 min")]
    public void Human_Durations(double seconds, string expected) => Assert.Equal(expected, CliOptions.Human(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Count_IsPluralAware()
    {
        Assert.Equal("1 epoch", CliOptions.Count(1, "epoch"));
        Assert.Equal("2 epochs", CliOptions.Count(2, "epoch"));
        Assert.Equal("1 feature matrix", CliOptions.Count(1, "feature matrix", "feature matrices"));
    }
}
