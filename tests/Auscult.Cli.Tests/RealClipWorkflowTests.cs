using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>The whole workflow on the real MIMII and DCASE clips in ../shared (few clips: this proves the code path, not accuracy).</summary>
public sealed class RealClipWorkflowTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SharedFact]
    public async Task Dcase2023Fan_TrainsEvaluates_AndScoresEightChannelMimiiClips()
    {
        string data = SharedFolder.Combine("data", "real", "dcase2023-dev");
        string model = _temp.Combine("fan.auscult");
        var train = await CliRun.Of("train", "--data", data, "--machine-type", "fan", "--out", model, "--epochs", "2");
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        Assert.Contains("training on 2 normal clips of 'fan'", train.Output);

        var evaluate = await CliRun.Of("evaluate", "--model", model, "--data", data, "--format", "json");
        Assert.True(evaluate.ExitCode == ExitCodes.Success, evaluate.Error);
        using (var json = JsonDocument.Parse(evaluate.Output))
        {
            Assert.Equal("fan", json.RootElement.GetProperty("machineType").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("clips").GetInt32());
        }

        // MIMII's raw files are 8-channel WAVE_FORMAT_EXTENSIBLE; the model reads channel 0 as the baselines do.
        string mimii = SharedFolder.Combine("data", "real", "mimii-8ch");
        var score = await CliRun.Of("score", "--model", model, mimii, "--format", "csv");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Equal(9, score.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
