using System.Text.Json;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Demo_Quick_SynthesisesTrainsBothModelsComparesThem_ThenReusesItsData()
    {
        string folder = _temp.Combine("demo");
        var run = await CliRun.Of("demo", "--out", folder, "--epochs", "1", "--budget", "5s");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("ROC AUC", run.Output);
        Assert.True(File.Exists(Path.Combine(folder, "autoencoder.auscult")));
        Assert.True(File.Exists(Path.Combine(folder, "classifier.auscult")));
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("Model comparison", html);
        foreach (string kind in new[] { "autoencoder", "classifier" })
        {
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, kind, "metrics.json")));
            Assert.Equal(72, metrics.RootElement.GetProperty("clips").GetInt32()); // 20% of 4 ids x (60 normal + 30 abnormal)
            Assert.Equal(kind, metrics.RootElement.GetProperty("modelKind").GetString());
        }

        var again = await CliRun.Of("demo", "--out", folder, "--epochs", "1", "--budget", "5s");
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("using the clips already in", again.Output);

        // A user's own file in the folder is never replaced or mixed in silently.
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var third = await CliRun.Of("demo", "--out", folder, "--epochs", "1", "--budget", "5s");
        Assert.Equal(ExitCodes.InputError, third.ExitCode);
        Assert.Contains("notes.txt", third.Error);
    }

    [Fact]
    public async Task Demo_IntoAFolderWithOtherFiles_RefusesAndTouchesNothing()
    {
        string folder = _temp.Combine("mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var run = await CliRun.Of("demo", "--out", folder, "--epochs", "1", "--budget", "5s");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(folder, run.Error);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }
}
