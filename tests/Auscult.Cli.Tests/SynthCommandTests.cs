using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class SynthCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> Synth(string name, params string[] extra)
    {
        string folder = _temp.Combine(name);
        var run = await CliRun.Of(["synth", "--out", folder, "--machine", "fan", "--ids", "0,2", "--normal", "3", "--abnormal", "1", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return folder;
    }

    [Fact]
    public async Task Synth_WritesAMimiiSetThatInfoRecognises()
    {
        string folder = await Synth("fan", "--seed", "1");
        var info = await CliRun.Of("info", folder, "--format", "json");
        using var json = JsonDocument.Parse(info.Output);
        Assert.Equal("mimii", json.RootElement.GetProperty("layout").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("clips").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("byLabel").GetProperty("anomaly").GetInt32());
        Assert.True(File.Exists(Path.Combine(folder, "manifest.csv")));
    }

    [Fact]
    public async Task Synth_SameSeed_GivesByteIdenticalFiles_Dcase2020LayoutToo()
    {
        string a = await Synth("a", "--seed", "5", "--layout", "dcase2020");
        string b = await Synth("b", "--seed", "5", "--layout", "dcase2020");
        string[] files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order().ToArray();
        Assert.Contains(files, f => f.StartsWith(Path.Combine("fan", "train", "normal_id_00_"), StringComparison.Ordinal));
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }
    }

    [Fact]
    public async Task Synth_SeverityRange_BoundsEveryFaultsSeverity()
    {
        string folder = _temp.Combine("severe");
        var run = await CliRun.Of("synth", "--out", folder, "--machine", "fan", "--ids", "0,2", "--normal", "1", "--abnormal", "6", "--severity", "0.6..0.8");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var severities = File.ReadLines(Path.Combine(folder, "manifest.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[3] == "abnormal").Select(f => double.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(12, severities.Count);
        Assert.All(severities, v => Assert.InRange(v, 0.6, 0.8));
    }

    [Theory]
    [InlineData("0.8..0.3")]
    [InlineData("0..1.5")]
    [InlineData("mild")]
    public async Task Synth_BadSeverityRange_IsAnInputErrorNamingTheOption(string range)
    {
        var run = await CliRun.Of("synth", "--out", _temp.Combine("x"), "--machine", "fan", "--severity", range);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("severit", run.Error);
        Assert.False(Directory.Exists(_temp.Combine("x")));
    }

    [Fact]
    public async Task Synth_UnknownMachine_IsAnInputError()
    {
        var run = await CliRun.Of("synth", "--out", _temp.Combine("x"), "--machine", "drill");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("'drill'", run.Error);
    }
}
