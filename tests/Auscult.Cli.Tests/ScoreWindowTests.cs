using Auscult.Torch.Tests.TestSupport;
using System.Text.Json;
using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>
/// A tiny autoencoder trained once on 1-s machine hums, and long recordings made of the same hum with a loud whine in
/// some seconds: <c>score --window</c> must flag exactly the windows that hold the whine.
/// </summary>
public sealed class ScoreWindowFixture : IDisposable
{
    public const int Rate = HumAudio.Rate;
    private readonly TempFolder _temp = new();

    public ScoreWindowFixture()
    {
        Model = _temp.Combine("hum.auscult");
        HumModel.Save(Model);
    }

    public string Model { get; }

    public string Folder => _temp.Path;

    /// <summary>A hum with a loud 3 kHz whine from <paramref name="whineFrom"/> to <paramref name="whineTo"/> s (<see cref="HumAudio"/>).</summary>
    public static AudioClip Recording(double seconds, double whineFrom = 0, double whineTo = 0, int seed = 60) =>
        HumAudio.Recording(seconds, whineFrom, whineTo, seed);

    public string Write(string name, AudioClip clip)
    {
        string path = _temp.Combine(name);
        WavWriter.Write(path, clip);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}

public sealed class ScoreWindowTests(ScoreWindowFixture fixture) : IClassFixture<ScoreWindowFixture>
{
    [Fact]
    public async Task Window_OfALongRecording_FlagsOnlyTheWindowsHoldingTheAnomaly_Csv()
    {
        string capture = fixture.Write("capture.wav", ScoreWindowFixture.Recording(8, whineFrom: 3, whineTo: 5));

        var run = await CliRun.Of("score", "--model", fixture.Model, capture, "--window", "1s", "--format", "csv");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("file,window,start_s,end_s,partial,verdict,score,threshold,anomalous,reason", lines[0]);
        Assert.Equal(9, lines.Length);
        string[][] rows = [.. lines[1..].Select(l => l.Split(','))];
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{i}"), rows.Select(r => r[1]));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{i}"), rows.Select(r => r[2]));
        Assert.Equal(["normal", "normal", "normal", "anomalous", "anomalous", "normal", "normal", "normal"], rows.Select(r => r[5]));
        Assert.All(rows, r => Assert.Equal("false", r[4]));
    }

    [Fact]
    public async Task Window_ALastWindowTooShortForTheModel_IsAReportedRow_NotDroppedOrAveraged()
    {
        // 800 samples (50 ms) after 3 s; the tiny model's 3 context frames need 64 ms.
        string capture = fixture.Write("tail.wav", ScoreWindowFixture.Recording(3.05, whineFrom: 1, whineTo: 2));

        var run = await CliRun.Of("score", "--model", fixture.Model, capture, "--window", "1s");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("3 (last, partial)", run.Output);
        Assert.Contains("input unfit: too short: 0.05 s; the model needs at least 0.064 s", run.Output);
        Assert.Contains("1 of 4 windows anomalous, 1 input unfit", run.Output);
    }

    [Fact]
    public async Task Window_Json_GivesEveryWindowWithItsTimesAndVerdict()
    {
        string capture = fixture.Write("json.wav", ScoreWindowFixture.Recording(2.5, whineFrom: 0, whineTo: 1));

        var run = await CliRun.Of("score", "--model", fixture.Model, capture, "--window", "1s", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        JsonElement[] windows = [.. JsonDocument.Parse(run.Output).RootElement.EnumerateArray()];
        Assert.Equal(3, windows.Length);
        Assert.Equal(["anomalous", "normal", "normal"], windows.Select(w => w.GetProperty("verdict").GetString()));
        Assert.Equal(2, windows[2].GetProperty("startSeconds").GetDouble());
        Assert.Equal(2.5, windows[2].GetProperty("endSeconds").GetDouble());
        Assert.True(windows[2].GetProperty("partial").GetBoolean());
        Assert.False(windows[0].GetProperty("partial").GetBoolean());
        Assert.True(windows[0].GetProperty("score").GetDouble() > windows[0].GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Window_FailOnAnomaly_ExitsWithTheAnomalyCode_WhenAnyWindowIsAnomalous()
    {
        string quiet = fixture.Write("quiet.wav", ScoreWindowFixture.Recording(3));
        string loud = fixture.Write("loud.wav", ScoreWindowFixture.Recording(3, whineFrom: 2, whineTo: 3));

        var normal = await CliRun.Of("score", "--model", fixture.Model, quiet, "--window", "1s", "--fail-on-anomaly");
        var anomalous = await CliRun.Of("score", "--model", fixture.Model, loud, "--window", "1s", "--fail-on-anomaly");

        Assert.True(normal.ExitCode == ExitCodes.Success, normal.Error);
        Assert.Equal(ExitCodes.AnomalyFound, anomalous.ExitCode);
    }

    [Fact]
    public async Task Window_ShorterThanTheModelNeeds_IsRefusedBeforeReadingAnything()
    {
        var run = await CliRun.Of("score", "--model", fixture.Model, Path.Combine(fixture.Folder, "absent.wav"), "--window", "0.05s");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("A window of 0.05 s is shorter than the 0.064 s the model needs", run.Error);
    }

    [Fact]
    public async Task Window_WithoutAUnit_OrWithExplain_IsRefused()
    {
        string capture = fixture.Write("plain.wav", ScoreWindowFixture.Recording(2));

        var bare = await CliRun.Of("score", "--model", fixture.Model, capture, "--window", "10");
        var explain = await CliRun.Of("score", "--model", fixture.Model, capture, "--window", "1s", "--explain", "--out", Path.Combine(fixture.Folder, "maps"));

        Assert.Equal(ExitCodes.InputError, bare.ExitCode);
        Assert.Contains("--window '10' is not a duration", bare.Error);
        Assert.Equal(ExitCodes.InputError, explain.ExitCode);
        Assert.Contains("--explain does not apply with --window", explain.Error);
    }
}
