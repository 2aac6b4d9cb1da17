using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>Issue #10 section 4, the defects that need a trained model: each test trains a tiny one (1 epoch).</summary>
public sealed class CliWorkflowDefectTests(SmallFanSet set) : IClassFixture<SmallFanSet>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string FanClip(string label, int index) =>
        Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", label, $"{index:00000000}.wav");

    private async Task<string> Train(string name)
    {
        string model = _temp.Combine(name);
        var run = await CliRun.Of("train", "--data", set.Data, "--out", model, "--epochs", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return model;
    }

    /// <summary>A clip of two frames (0.05 s at 16 kHz, hop 512), fewer than the autoencoder's 5-frame context.</summary>
    private static void ShortClip(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, AudioClip.Mono(Enumerable.Range(0, 800).Select(i => (float)Math.Sin(i * 0.1) * 0.2f).ToArray(), 16000));
    }

    [Fact]
    public async Task Score_FolderWithAShortClip_NamesItAndScoresTheOthers()
    {
        string model = await Train("fan.auscult");
        string folder = _temp.Combine("clips");
        Directory.CreateDirectory(folder);
        File.Copy(FanClip("normal", 0), Path.Combine(folder, "a.wav"));
        File.Copy(FanClip("abnormal", 0), Path.Combine(folder, "b.wav"));
        ShortClip(Path.Combine(folder, "short.wav"));

        var run = await CliRun.Of("score", "--model", model, folder, "--format", "csv");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal(3, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + a.wav + b.wav
        Assert.Contains("short.wav: input unfit: too short: 2 frames", run.Error);
    }

    [Fact]
    public async Task Score_ASilentClip_IsInputUnfit_NeverNormal()
    {
        string model = await Train("fan.auscult");
        string folder = _temp.Combine("dead-mic");
        Directory.CreateDirectory(folder);
        File.Copy(FanClip("normal", 0), Path.Combine(folder, "a.wav"));
        WavWriter.Write(Path.Combine(folder, "silent.wav"), AudioClip.Mono(new float[160_000], 16000));

        var run = await CliRun.Of("score", "--model", model, folder, "--format", "csv");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.DoesNotContain("silent.wav", run.Output); // no score, no verdict of the machine
        Assert.Contains("silent.wav: input unfit: level -inf dBFS", run.Error);
    }

    [Fact]
    public async Task Train_OnAShortClip_NamesItBeforeAnyEpoch()
    {
        string data = _temp.Combine("plain");
        for (int i = 0; i < 6; i++)
        {
            Directory.CreateDirectory(Path.Combine(data, "normal"));
            File.Copy(FanClip("normal", i), Path.Combine(data, "normal", $"{i}.wav"));
        }

        Directory.CreateDirectory(Path.Combine(data, "abnormal"));
        File.Copy(FanClip("abnormal", 0), Path.Combine(data, "abnormal", "0.wav"));
        ShortClip(Path.Combine(data, "normal", "zz_short.wav")); // sorts last: in the training part

        var run = await CliRun.Of("train", "--data", data, "--out", _temp.Combine("m.auscult"), "--epochs", "1");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("zz_short.wav: too short", run.Error);
        Assert.DoesNotContain("trained", run.Output);
        Assert.False(File.Exists(_temp.Combine("m.auscult")));
    }

    [Fact]
    public async Task FanModel_OnValveData_IsRefused_UnlessAnyMachineType()
    {
        string model = await Train("fan.auscult");
        string valves = _temp.Combine("valves");
        var synth = await CliRun.Of("synth", "--out", valves, "--machine", "valve", "--ids", "0", "--normal", "6", "--abnormal", "3");
        Assert.Equal(ExitCodes.Success, synth.ExitCode);

        var evaluate = await CliRun.Of("evaluate", "--model", model, "--data", valves);
        Assert.Equal(ExitCodes.InputError, evaluate.ExitCode);
        Assert.Contains("no 'fan' clips", evaluate.Error);
        Assert.Contains("--any-machine-type", evaluate.Error);

        string clips = Path.Combine(valves, "6_dB_valve", "valve", "id_00", "normal");
        var score = await CliRun.Of("score", "--model", model, clips);
        Assert.Equal(ExitCodes.InputError, score.ExitCode);
        Assert.Contains("'valve' clip", score.Error);

        var anyway = await CliRun.Of("score", "--model", model, clips, "--any-machine-type");
        Assert.True(anyway.ExitCode == ExitCodes.Success, anyway.Error);
        var evaluateAnyway = await CliRun.Of("evaluate", "--model", model, "--data", valves, "--any-machine-type");
        Assert.True(evaluateAnyway.ExitCode == ExitCodes.Success, evaluateAnyway.Error);
    }

    [Fact]
    public async Task Evaluate_And_ScoreExplain_RefuseToReplaceFilesWithoutOverwrite()
    {
        string model = await Train("fan.auscult");
        string folder = _temp.Combine("results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "metrics.json"), "mine");

        var evaluate = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--out", folder);
        Assert.Equal(ExitCodes.InputError, evaluate.ExitCode);
        Assert.Contains("--overwrite", evaluate.Error);
        var explain = await CliRun.Of("score", "--model", model, FanClip("normal", 0), "--explain", "--out", folder);
        Assert.Equal(ExitCodes.InputError, explain.ExitCode);
        Assert.Contains("--overwrite", explain.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "metrics.json")));

        var replaced = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--out", folder, "--overwrite");
        Assert.True(replaced.ExitCode == ExitCodes.Success, replaced.Error);
        Assert.NotEqual("mine", File.ReadAllText(Path.Combine(folder, "metrics.json")));
    }

    [Fact]
    public async Task Score_PrintsPathsAsTheUserGaveThem()
    {
        string model = await Train("fan.auscult");
        string folder = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "abnormal"));
        var run = await CliRun.Of("score", "--model", model, folder, "--format", "csv");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.All(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1),
            line => Assert.StartsWith(Path.Join(folder, "0"), line.Trim('"')));
    }

    [Fact]
    public async Task Train_SaysOneEpoch_AndAHumanDuration()
    {
        string model = _temp.Combine("one.auscult");
        var run = await CliRun.Of("train", "--data", set.Data, "--out", model, "--epochs", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("trained 1 epoch on", run.Output);
        Assert.DoesNotContain("1 epochs", run.Output);
    }
}
