using System.Text.Json;
using Auscult.Data.Scenarios;
using Auscult.Drift;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Tests.TestSupport;
using Auscult.Torch.Training;

namespace Auscult.Cli.Tests;

public sealed class DriftCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A tiny autoencoder trained on a steady scenario's first hours, with the training reference drift needs.</summary>
    private string TrainModel()
    {
        var options = new ScenarioOptions { Scenario = DriftScenario.Steady, Days = 1, Machines = 1, ClipDuration = TimeSpan.FromSeconds(0.5), Seed = 99 };
        var generator = new ScenarioGenerator();
        var preset = new AutoencoderPreset
        {
            Name = "tiny",
            Features = FeatureOptions.Dcase2020 with { MelBandCount = 16, ContextFrames = 3 },
            HiddenLayers = [16],
            Bottleneck = 4,
            BatchNorm = true,
            Epochs = 10,
            BatchSize = 64,
        };
        var extractor = new ClipFeatureExtractor(preset.Features);
        FeatureMatrix[] all = [.. ScenarioGenerator.Plan(options).Take(192).Select(c => extractor.LogMel(generator.Render(c)))];
        FeatureMatrix[] clips = all[..96];
        using var trained = new AutoencoderTrainer(preset, seed: 1).Train(clips);
        using var scorer = new AutoencoderScorer(trained.Model);
        // The reference scores of clips the model did not train on, as the bundle's cross-fitted ones are.
        double[] scores = [.. all[96..].Select(c => scorer.Score(c).Score)];
        var bands = new BandStatisticsAccumulator(16);
        foreach (FeatureMatrix clip in clips)
        {
            bands.Add(clip);
        }

        ScoreDistribution distribution = ScoreDistribution.FromScores(scores);
        var threshold = new ThresholdSpec(Quantiles.OfSorted([.. scores.Order()], 0.95), ThresholdMethod.Fixed, new Dictionary<string, double>());
        string path = _temp.Combine("model.bundle");
        using var bundle = ModelBundle.Create(trained.Model,
            new TrainingDataSummary(clips.Length, trained.VectorCount, "fan", null, distribution, Bands: bands.ToStatistics()), threshold);
        bundle.Save(path);
        return path;
    }

    [Fact]
    public async Task Drift_OfAMicGainDrop_NamesTheEnvironment_InJson()
    {
        string model = TrainModel();
        string data = _temp.Combine("gain");
        var synth = await CliRun.Of("synth", "--scenario", "mic-gain-drop", "--days", "2", "--machines", "1", "--clip-seconds", "0.5", "--out", data);
        Assert.True(synth.ExitCode == ExitCodes.Success, synth.Error);
        Assert.True(File.Exists(Path.Combine(data, ScenarioManifest.FileName)));

        var run = await CliRun.Of("drift", "--model", model, "--data", data, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        JsonElement machine = Assert.Single(json.RootElement.GetProperty("machines").EnumerateArray());
        Assert.Equal("m01", machine.GetProperty("machineId").GetString());
        JsonElement[] windows = [.. machine.GetProperty("windows").EnumerateArray()];
        Assert.Equal(48, windows.Length); // one an hour over two days
        Assert.Equal("none", windows[20].GetProperty("cause").GetString());
        Assert.Equal("environment", windows[^1].GetProperty("cause").GetString());
        Assert.True(windows[^1].GetProperty("evidence").GetProperty("shortBroadbandShiftDb").GetDouble() < -6);
        Assert.True(windows[^1].TryGetProperty("end", out _));
        JsonElement alert = Assert.Single(machine.GetProperty("alerts").EnumerateArray());
        Assert.Equal("environment", alert.GetProperty("cause").GetString());
    }

    [Fact]
    public async Task Drift_TableNamesTheCauseAndTheRecommendation()
    {
        string model = TrainModel();
        string data = _temp.Combine("dead");
        var synth = await CliRun.Of("synth", "--scenario", "mic-gain-drop", "--days", "2", "--machines", "2", "--clip-seconds", "0.5", "--out", data);
        Assert.True(synth.ExitCode == ExitCodes.Success, synth.Error);

        var run = await CliRun.Of("drift", "--model", model, "--data", data, "--window", "12h");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("m01", run.Output, StringComparison.Ordinal);
        Assert.Contains("environment", run.Output, StringComparison.Ordinal);
        Assert.Contains("Check the microphone", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_WithABundleWithoutBands_IsRefusedWithAMessage()
    {
        string model = _temp.Combine("hum.bundle");
        HumModel.Save(model);
        string data = _temp.Combine("data");
        Directory.CreateDirectory(Path.Combine(data, "m01"));

        var run = await CliRun.Of("drift", "--model", model, "--data", data);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("band statistics", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_FileNotNamedByTime_IsRefusedNamingIt()
    {
        string model = TrainModel();
        string data = _temp.Combine("bad");
        Directory.CreateDirectory(Path.Combine(data, "m01"));
        File.WriteAllBytes(Path.Combine(data, "m01", "clip.wav"), [1, 2, 3]);

        var run = await CliRun.Of("drift", "--model", model, "--data", data);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("clip.wav", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_ReadsDays()
    {
        Assert.Equal(TimeSpan.FromDays(1), Commands.DriftCommand.ParseWindow("1d"));
        Assert.Equal(TimeSpan.FromHours(12), Commands.DriftCommand.ParseWindow("12h"));
    }
}
