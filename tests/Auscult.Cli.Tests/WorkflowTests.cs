using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>A small synthetic fan set (one machine id) shared by the workflow tests; made once per test class.</summary>
public sealed class SmallFanSet : IDisposable
{
    public SmallFanSet()
    {
        Data = Temp.Combine("data");
        var run = CliRun.Of("synth", "--out", Data, "--machine", "fan", "--ids", "0", "--normal", "14", "--abnormal", "4", "--seed", "7")
            .GetAwaiter().GetResult();
        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    public TempFolder Temp { get; } = new();

    public string Data { get; }

    public void Dispose() => Temp.Dispose();
}

public sealed class WorkflowTests(SmallFanSet set) : IClassFixture<SmallFanSet>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> Train(string name, params string[] extra)
    {
        string model = _temp.Combine(name);
        var run = await CliRun.Of(["train", "--data", set.Data, "--out", model, "--epochs", "2", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return model;
    }

    [Fact]
    public async Task Train_WritesABundle_ThenRefusesToOverwriteIt()
    {
        string model = await Train("fan.auscult");
        Assert.True(File.Exists(model));
        byte[] before = File.ReadAllBytes(model);

        var again = await CliRun.Of("train", "--data", set.Data, "--out", model, "--epochs", "2");
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public async Task Train_SameSeed_GivesIdenticalScores_OtherSeedDiffers()
    {
        string a = await Train("a.auscult", "--seed", "3");
        string b = await Train("b.auscult", "--seed", "3");
        string c = await Train("c.auscult", "--seed", "4");
        string clips = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "abnormal");
        var scoresA = await CliRun.Of("score", "--model", a, clips, "--format", "csv");
        var scoresB = await CliRun.Of("score", "--model", b, clips, "--format", "csv");
        var scoresC = await CliRun.Of("score", "--model", c, clips, "--format", "csv");
        Assert.Equal(scoresA.Output, scoresB.Output);
        Assert.NotEqual(scoresA.Output, scoresC.Output);
    }

    [Fact]
    public async Task Score_Csv_HasTheDocumentedColumnsAndOneRowPerClip()
    {
        string model = await Train("fan.auscult");
        string clips = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "abnormal");
        var run = await CliRun.Of("score", "--model", model, clips, "--format", "csv");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file,score,threshold,anomalous", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Equal(4, line.Split(',').Length));
    }

    [Theory]
    [InlineData("0", ExitCodes.AnomalyFound)]
    [InlineData("1e12", ExitCodes.Success)]
    public async Task Score_FailOnAnomaly_ExitsOneOnlyWhenAClipIsAboveTheThreshold(string threshold, int expected)
    {
        string model = await Train($"fixed-{threshold}.auscult", "--threshold-method", "fixed", "--threshold-parameter", threshold);
        string clip = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "normal", "00000000.wav");
        var run = await CliRun.Of("score", "--model", model, clip, "--fail-on-anomaly");
        Assert.Equal(expected, run.ExitCode);
    }

    [Fact]
    public async Task Score_Explain_WritesAnAnomalyMapPerClip()
    {
        string model = await Train("fan.auscult");
        string clips = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00");
        string maps = _temp.Combine("maps");
        var run = await CliRun.Of("score", "--model", model, clips, "--explain", "--out", maps);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        string[] files = Directory.GetFiles(maps, "*_anomaly_map.png");
        Assert.Equal(18, files.Length); // 14 normal + 4 abnormal clips of id_00, names kept apart by their folder
        Assert.Contains(files, f => Path.GetFileName(f) == "abnormal_00000000_anomaly_map.png");
        Assert.All(files, f => Assert.Equal((1200, 800), Auscult.Reports.PngInfo.ReadSize(File.ReadAllBytes(f))));
    }

    [Fact]
    public async Task Score_ExplainWithoutOut_SaysWhereMapsWouldGo()
    {
        string model = await Train("fan.auscult");
        var run = await CliRun.Of("score", "--model", model, set.Data, "--explain");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("--explain needs --out", run.Error);
    }

    [Fact]
    public void UniqueNames_AddParentFoldersOnlyWhereFileNamesCollide()
    {
        var names = Auscult.Cli.Commands.ScoreCommand.UniqueNames(["/d/a/normal/0.wav", "/d/a/abnormal/0.wav", "/d/b/normal/1.wav"]);
        Assert.Equal("normal_0", names["/d/a/normal/0.wav"]);
        Assert.Equal("abnormal_0", names["/d/a/abnormal/0.wav"]);
        Assert.Equal("1", names["/d/b/normal/1.wav"]);
    }

    [Fact]
    public async Task Score_ABrokenClipInAFolder_IsNamed_AndTheOthersAreStillScored()
    {
        string model = await Train("fan.auscult");
        string folder = _temp.Combine("clips");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "normal", "00000000.wav"), Path.Combine(folder, "good.wav"));
        byte[] whole = File.ReadAllBytes(Path.Combine(folder, "good.wav"));
        File.WriteAllBytes(Path.Combine(folder, "cut.wav"), whole[..1000]);

        var run = await CliRun.Of("score", "--model", model, folder, "--format", "csv");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("cut.wav", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Contains("good.wav", run.Output);
    }

    [Fact]
    public async Task Evaluate_Json_HasTheDocumentedKeys_AndOutWritesEveryFile()
    {
        string model = await Train("fan.auscult");
        string outFolder = _temp.Combine("evaluation");
        var run = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--format", "json", "--out", outFolder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        foreach (string key in new[] { "auc", "partialAuc", "threshold" })
        {
            Assert.InRange(root.GetProperty(key).GetDouble(), key == "threshold" ? double.MinValue : 0, key == "threshold" ? double.MaxValue : 1);
        }

        JsonElement metrics = root.GetProperty("metrics");
        foreach (string key in new[] { "precision", "recall", "f1", "accuracy", "normalF1", "falsePositiveRate" })
        {
            Assert.InRange(metrics.GetProperty(key).GetDouble(), 0, 1);
        }

        int total = metrics.GetProperty("trueNegatives").GetInt32() + metrics.GetProperty("falsePositives").GetInt32() +
                    metrics.GetProperty("falseNegatives").GetInt32() + metrics.GetProperty("truePositives").GetInt32();
        Assert.Equal(8, total); // MIMII rule: 4 anomalies + 4 normals test
        Assert.Equal(8, root.GetProperty("clips").GetInt32());
        Assert.Equal("fan id_00", root.GetProperty("perMachine").GetProperty("groups")[0].GetProperty("group").GetString());
        Assert.Equal(0, root.GetProperty("inputUnfit").GetArrayLength());
        foreach (string file in new[] { "metrics.json", "scores.csv", "threshold_sweep.csv", "report.html",
                     "anomaly_score_fan_id_00_test.csv", "decision_result_fan_id_00_test.csv" })
        {
            Assert.True(File.Exists(Path.Combine(outFolder, file)), file);
        }

        // The report is self-contained: every picture is a decodable PNG written beside it and named in it.
        string html = File.ReadAllText(Path.Combine(outFolder, "report.html"));
        string[] pictures = Directory.GetFiles(outFolder, "*.png");
        Assert.Equal(5, pictures.Length);
        foreach (string picture in pictures)
        {
            Assert.True(Auscult.Reports.PngInfo.HasSignature(File.ReadAllBytes(picture)), picture);
            Assert.Contains(Path.GetFileName(picture), html);
        }

        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/png;base64,").Count);
    }

    [Fact]
    public async Task Evaluate_EqualErrorsThreshold_BalancesFalsePositivesAndNegatives()
    {
        string model = await Train("fan.auscult");
        var run = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--format", "json", "--threshold-method", "equal-errors");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("equal-errors", json.RootElement.GetProperty("thresholdMethod").GetString());
        JsonElement metrics = json.RootElement.GetProperty("metrics");
        Assert.InRange(metrics.GetProperty("falsePositives").GetInt32() - metrics.GetProperty("falseNegatives").GetInt32(), -1, 1);
    }

    [Fact]
    public async Task Train_CancelledLikeCtrlC_Exits130_AndLeavesNoModelFile()
    {
        string model = _temp.Combine("cancelled.auscult");
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var run = await CliRun.Of(["train", "--data", set.Data, "--out", model, "--epochs", "100000"], ctrlC.Token);
        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task TrainClassifier_ThenEvaluate_OnItsOwnSupervisedTestClips()
    {
        string model = _temp.Combine("classifier.auscult");
        var train = await CliRun.Of("train", "--model", "classifier", "--data", set.Data, "--out", model, "--budget", "15s");
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        Assert.Contains("training the classifier on 14 labelled clips", train.Output); // 80% of 14 normal + 4 abnormal

        string outFolder = _temp.Combine("classifier-evaluation");
        var evaluate = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--format", "json", "--out", outFolder);
        Assert.True(evaluate.ExitCode == ExitCodes.Success, evaluate.Error);
        using var json = JsonDocument.Parse(evaluate.Output);
        Assert.Equal("classifier", json.RootElement.GetProperty("modelKind").GetString());
        // A classifier's report also shows its training curves.
        Assert.True(File.Exists(Path.Combine(outFolder, "training_curves.png")));
        Assert.Contains("training_curves.png", File.ReadAllText(Path.Combine(outFolder, "report.html")));
        Assert.Equal(4, json.RootElement.GetProperty("clips").GetInt32()); // 20%: 3 normal + 1 abnormal

        // Its anomaly maps come from occlusion.
        string maps = _temp.Combine("classifier-maps");
        var explain = await CliRun.Of("score", "--model", model, Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "abnormal"), "--explain", "--out", maps);
        Assert.True(explain.ExitCode == ExitCodes.Success, explain.Error);
        string[] files = Directory.GetFiles(maps, "*_anomaly_map.png");
        Assert.Equal(4, files.Length);
        Assert.All(files, f => Assert.Equal((1200, 800), Auscult.Reports.PngInfo.ReadSize(File.ReadAllBytes(f))));
    }

    [Fact]
    public async Task TrainClassifier_OnDataNamingAnomalyKinds_LearnsTheKinds_AndScoreNamesThem()
    {
        string data = _temp.Combine("kinds");
        var synth = await CliRun.Of("synth", "--out", data, "--machine", "fan", "--ids", "0", "--normal", "12", "--abnormal", "150", "--seed", "5");
        Assert.Equal(ExitCodes.Success, synth.ExitCode);
        string model = _temp.Combine("kinds.auscult");
        var train = await CliRun.Of("train", "--model", "classifier", "--data", data, "--out", model, "--budget", "10s");
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        Assert.Contains("classes: normal, clogging, unbalance, voltage_change", train.Output);

        // 150 anomalies, 50 of each kind, of which the supervised split trains on about 40: enough for a class per kind.
        var score = await CliRun.Of("score", "--model", model, Path.Combine(data, "6_dB_fan", "fan", "id_00", "abnormal"), "--format", "csv");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        string[] lines = score.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file,score,threshold,anomalous,kind", lines[0]);
        string[] kinds = ["clogging", "unbalance", "voltage_change"];
        Assert.All(lines.Skip(1), line =>
        {
            string[] fields = line.Split(',');
            Assert.True(fields[3] == "true" ? kinds.Contains(fields[4]) : fields[4] == "", line);
        });
    }

    [Fact]
    public async Task TrainClassifier_WithoutLabelledAnomalies_PointsToTheAutoencoder()
    {
        string normalOnly = _temp.Combine("normal-only");
        string source = Path.Combine(set.Data, "6_dB_fan", "fan", "id_00", "normal");
        Directory.CreateDirectory(Path.Combine(normalOnly, "fan", "id_00", "normal"));
        foreach (string clip in Directory.GetFiles(source).Take(5))
        {
            File.Copy(clip, Path.Combine(normalOnly, "fan", "id_00", "normal", Path.GetFileName(clip)));
        }

        var run = await CliRun.Of("train", "--model", "classifier", "--data", normalOnly, "--out", _temp.Combine("c.auscult"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("train the autoencoder", run.Error);
    }

    [Fact]
    public async Task Compare_TrainsBoth_AndEvaluatesThemOnTheSameTestClips()
    {
        string folder = _temp.Combine("compare");
        var run = await CliRun.Of("compare", "--data", set.Data, "--out", folder, "--budget", "10s", "--epochs", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("autoencoder: Needs normal clips only", run.Output);
        using var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "autoencoder", "metrics.json")));
        using var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "classifier", "metrics.json")));
        Assert.Equal(4, a.RootElement.GetProperty("clips").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("clips").GetInt32(), c.RootElement.GetProperty("clips").GetInt32());
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.True(html.IndexOf("Model comparison", StringComparison.Ordinal) < html.IndexOf("Anomaly scores", StringComparison.Ordinal));

        var again = await CliRun.Of("compare", "--data", set.Data, "--out", folder, "--budget", "10s", "--epochs", "2");
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("--overwrite", again.Error);
    }

    [Fact]
    public async Task Spectrograms_WritesAnImagePerLabelledClip_InTrainAndTestByLabel()
    {
        string folder = _temp.Combine("images");
        var run = await CliRun.Of("spectrograms", "--data", set.Data, "--out", folder, "--size", "64");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "test", "normal")).Length);   // 20% of 14
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "test", "anomaly")));          // 20% of 4
        Assert.Equal(11, Directory.GetFiles(Path.Combine(folder, "train", "normal")).Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "train", "anomaly")).Length);
        string any = Directory.GetFiles(Path.Combine(folder, "train", "anomaly"))[0];
        Assert.Equal((64, 64), Auscult.Reports.PngInfo.ReadSize(File.ReadAllBytes(any)));
    }

    [Fact]
    public async Task Train_OnAnEmptyFolder_SaysWhichLayoutsWereExpected()
    {
        string empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);
        var run = await CliRun.Of("train", "--data", empty, "--out", _temp.Combine("m.auscult"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(empty, run.Error);
        Assert.Contains("MIMII", run.Error);
        Assert.False(File.Exists(_temp.Combine("m.auscult")));
    }

    [Fact]
    public async Task Evaluate_OutIsAnExistingFile_IsAnInputErrorNamingIt()
    {
        string model = await Train("fan.auscult");
        string file = _temp.Combine("not-a-folder");
        File.WriteAllText(file, "mine");
        var run = await CliRun.Of("evaluate", "--model", model, "--data", set.Data, "--out", file);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(file, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task Score_ACorruptModel_IsNamedWithoutAStackTrace()
    {
        string model = _temp.Combine("broken.auscult");
        File.WriteAllText(model, "not a zip");
        var run = await CliRun.Of("score", "--model", model, set.Data);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(model, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
