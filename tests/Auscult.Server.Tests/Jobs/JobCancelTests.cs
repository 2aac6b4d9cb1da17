using System.Net;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>A job cancelled while it trains (10,000 epochs: it cannot end by itself before the cancel).</summary>
public sealed class JobCancelTests : IDisposable
{
    private readonly AuscultApp _app = new(settings: JobScenario.Tiny(epochs: 10_000));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AJobCancelledMidRun_StopsAsCancelled_AndLeavesNoModel_AndASecondJobOfItsTypeWaitsForIt()
    {
        await JobScenario.SeedAsync(_app);
        using var admin = _app.Admin();
        using var start = await JobScenario.StartAsync(admin, "retrain-autoencoder", "fan");
        string id = (string)(await Json.ObjectAsync(start))["id"]!;

        var training = await JobScenario.WaitAsync(admin, id,
            j => JobScenario.Finished(j) || (((string?)j["progress"]!["step"])?.StartsWith("training", StringComparison.Ordinal) == true && (int)j["progress"]!["done"]! >= 1));
        Assert.Equal("running", (string?)training["state"]);
        Assert.Equal(10_000, (int)training["progress"]!["total"]!);

        using var second = await JobScenario.StartAsync(admin, "train-classifier", "fan");
        await Json.ProblemAsync(second, 409, $"Job {id} (retrain-autoencoder) is already running for fan");

        using var cancel = await admin.PostAsync($"/api/v1/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var job = await JobScenario.WaitAsync(admin, id, JobScenario.Finished);

        Assert.Equal("cancelled", (string?)job["state"]);
        Assert.True((int)job["progress"]!["done"]! < 10_000);
        Assert.Null((string?)job["resultModelId"]);
        using var models = await admin.GetAsync("/api/v1/models");
        Assert.Single((await Json.ObjectAsync(models))["models"]!.AsArray());
        using var again = await admin.PostAsync($"/api/v1/jobs/{id}/cancel", null);
        await Json.ProblemAsync(again, 409, "has ended already (cancelled)");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_app.DataDirectory, "tmp")));
    }
}
