using System.Text.Json;
using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class InfoCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Clip(string relative, int channels = 1, int rate = 16000, int frames = 1600)
    {
        string path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, new AudioClip(new float[channels * frames], channels, rate));
        return path;
    }

    [Fact]
    public async Task File_Table_ShowsChannelsRateAndDuration()
    {
        string path = Clip("a.wav", channels: 8, rate: 16000, frames: 16000);
        var run = await CliRun.Of("info", path);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("channels     8", run.Output);
        Assert.Contains("16000 Hz", run.Output);
        Assert.Contains("1.000 s (16000 frames)", run.Output);
    }

    [Fact]
    public async Task Folder_Json_CountsClipsPerMachineAndLabel()
    {
        foreach (string id in new[] { "id_00", "id_02" })
        {
            for (int i = 0; i < 3; i++)
            {
                Clip($"fan/{id}/normal/{i:D8}.wav");
            }

            Clip($"fan/{id}/abnormal/00000000.wav");
        }

        var run = await CliRun.Of("info", _temp.Path, "--format", "json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("mimii", json.RootElement.GetProperty("layout").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("clips").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("byLabel").GetProperty("anomaly").GetInt32());
        var machines = json.RootElement.GetProperty("machines");
        Assert.Equal(2, machines.GetArrayLength());
        // MIMII rule per id: 1 anomaly tests with 1 normal; the other 2 normals train.
        Assert.Equal(2, machines[0].GetProperty("train").GetInt32());
        Assert.Equal(1, machines[0].GetProperty("testNormal").GetInt32());
        // Two labelled anomalies are far too few for the supervised classifier.
        var advice = Assert.Single(json.RootElement.GetProperty("advice").EnumerateArray());
        Assert.Equal(2, advice.GetProperty("labelledAnomalies").GetInt32());
        Assert.Equal("autoencoder", advice.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Folder_Table_SaysWhichModelToTrain()
    {
        Clip("fan/id_00/normal/00000000.wav");
        Clip("fan/id_00/normal/00000001.wav");
        var run = await CliRun.Of("info", _temp.Path);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("which model:", run.Output);
        Assert.Contains("fan: autoencoder. No labelled anomalies", run.Output);
    }

    [Fact]
    public async Task EmptyFolder_FailsWithExitCode2_NamingTheFolder()
    {
        string empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);
        var run = await CliRun.Of("info", empty);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains(empty, run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task NotAWav_FailsNamingTheFile()
    {
        string path = _temp.Combine("notes.wav");
        File.WriteAllText(path, "ID3 this is an mp3 really");
        var run = await CliRun.Of("info", path);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(path, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task UnknownFormatValue_IsAUsageError()
    {
        var run = await CliRun.Of("info", _temp.Path, "--format", "xml");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("error: 'xml' is not a valid value for --format", run.Error);
    }
}
