using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Auth;
using Auscult.Server.Jobs;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Jobs;

/// <summary>Training jobs through the API, with real (tiny) trainings on the dashboard scenario's clips.</summary>
public sealed class JobApiTests : IDisposable
{
    private readonly AuscultApp _app = new(settings: JobScenario.Tiny());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ARetrainingJob_Runs_IsEvaluatedBesideTheActiveModel_AndIsActiveOnlyOncePromoted()
    {
        await JobScenario.SeedAsync(_app);
        using var admin = _app.Admin();

        using var start = await JobScenario.StartAsync(admin, "retrain-autoencoder", "fan");
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var queued = await Json.ObjectAsync(start);
        string id = (string)queued["id"]!;
        Assert.Equal(("retrain-autoencoder", "fan"), ((string?)queued["kind"], (string?)queued["machineType"]));
        var job = await JobScenario.WaitAsync(admin, id, JobScenario.Finished);

        Assert.True((string?)job["state"] == "succeeded", job.ToJsonString());
        string modelId = (string)job["resultModelId"]!;
        Assert.NotEqual(TestModel.Id, modelId);
        var evaluation = job["evaluation"]!;
        Assert.Equal(TestModel.Id, (string?)evaluation["active"]!["modelId"]);
        Assert.Equal(modelId, (string?)evaluation["candidate"]!["modelId"]);
        Assert.True((int)evaluation["anomalousClips"]! >= 1 && (int)evaluation["clips"]! > (int)evaluation["anomalousClips"]!);
        Assert.InRange((double)evaluation["candidate"]!["auc"]!, 0, 1);

        // Registered, not active: nothing is promoted automatically.
        using (var models = await admin.GetAsync("/api/v1/models"))
        {
            var list = await Json.ObjectAsync(models);
            Assert.Contains(list["models"]!.AsArray(), m => (string?)m!["id"] == modelId && (string?)m["uploadedBy"] == $"job:{id}");
            Assert.Equal(TestModel.Id, (string?)list["activations"]!.AsArray()[0]!["modelId"]);
        }

        using (var report = await admin.GetAsync($"/api/v1/jobs/{id}/report"))
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Contains("Model comparison", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var promote = await admin.PostAsync($"/api/v1/jobs/{id}/promote", null);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var promoted = await Json.ObjectAsync(promote);
        Assert.Equal("promoted", (string?)promoted["decision"]);
        using (var models = await admin.GetAsync("/api/v1/models"))
        {
            var activation = (await Json.ObjectAsync(models))["activations"]!.AsArray()[0]!;
            Assert.Equal((modelId, "fan"), ((string?)activation["modelId"], (string?)activation["machineType"]));
        }

        using var again = await admin.PostAsync($"/api/v1/jobs/{id}/discard", null);
        await Json.ProblemAsync(again, 409, "promoted already");
    }

    [Fact]
    public async Task AClassifierJob_TrainsFromTheLabels_IsEvaluatedOnTheSameClipsAsTheActiveAutoencoder_AndCanBeDiscarded()
    {
        await JobScenario.SeedAsync(_app, moreAnomalies: 2);
        using var admin = _app.Admin();

        using var start = await JobScenario.StartAsync(admin, "train-classifier", "fan");
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var job = await JobScenario.WaitAsync(admin, (string)(await Json.ObjectAsync(start))["id"]!, JobScenario.Finished);

        Assert.True((string?)job["state"] == "succeeded", job.ToJsonString());
        var evaluation = job["evaluation"]!;
        Assert.Equal(("classifier", "autoencoder"), ((string?)evaluation["candidate"]!["kind"], (string?)evaluation["active"]!["kind"]));
        Assert.Equal(1, (int)evaluation["anomalousClips"]!);
        string modelId = (string)job["resultModelId"]!;
        using (var model = await admin.GetAsync($"/api/v1/models/{modelId}"))
        {
            Assert.Equal("classifier", (string?)(await Json.ObjectAsync(model))["kind"]);
        }

        // Discarded: the model and its file are gone, and it can no longer be promoted.
        using var discard = await admin.PostAsync($"/api/v1/jobs/{(string)job["id"]!}/discard", null);
        Assert.Equal("discarded", (string?)(await Json.ObjectAsync(discard))["decision"]);
        using var gone = await admin.GetAsync($"/api/v1/models/{modelId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "models", $"{modelId}.auscult")));
        using var promote = await admin.PostAsync($"/api/v1/jobs/{(string)job["id"]!}/promote", null);
        await Json.ProblemAsync(promote, 409, "discarded already");
    }

    [Fact]
    public async Task AFirstAutoencoder_IsOfferedToATypeWithEnoughClipsAndNoModel_AndTrainsFromThem()
    {
        await JobScenario.SeedAsync(_app);
        using var admin = _app.Admin();
        using var tooEarly = await JobScenario.StartAsync(admin, "first-autoencoder", "pump");
        await Json.ProblemAsync(tooEarly, 422, "needs at least 8 normal clips");
        for (int i = 0; i < 8; i++)
        {
            await DashboardScenario.PostAsync(admin, "pump-01", TestAudio.NormalWav(500 + i));
        }

        using var offers = await admin.GetAsync("/api/v1/jobs/offers");
        var pump = (await Json.ArrayAsync(offers)).Single(o => (string?)o!["machineType"] == "pump")!;
        Assert.Null((string?)pump["activeModelId"]);
        Assert.Equal(8, (int)pump["normalClips"]!);
        Assert.Contains(pump["kinds"]!.AsArray(), k => (string?)k!["kind"] == "first-autoencoder" && (bool)k["available"]!);
        using var start = await JobScenario.StartAsync(admin, "first-autoencoder", "pump");
        var job = await JobScenario.WaitAsync(admin, (string)(await Json.ObjectAsync(start))["id"]!, JobScenario.Finished);

        Assert.True((string?)job["state"] == "succeeded", job.ToJsonString());
        Assert.Null(job["evaluation"]!["candidate"]);
        Assert.Contains("Not evaluated", (string?)job["evaluation"]!["note"], StringComparison.Ordinal);
        using var model = await admin.GetAsync($"/api/v1/models/{(string)job["resultModelId"]!}");
        var record = await Json.ObjectAsync(model);
        Assert.Equal(("autoencoder", "pump"), ((string?)record["kind"], (string?)record["machineType"]));
    }

    [Fact]
    public async Task AJobWhoseInstanceDied_IsMarkedFailedByTheNextInstanceThatLooks_AndItsTypeMayTrainAgain()
    {
        await JobScenario.SeedAsync(_app);
        var now = _app.Clock.GetUtcNow();
        // Another instance claimed it and died: its lease ran out a minute ago.
        await _app.Services.GetRequiredService<AuscultDatabase>().InTransactionAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO jobs (id, kind, machine_type, state, requested_by, created_at, started_at, holder, lease_expires_at)
            VALUES ('dead-job', 'retrain-autoencoder', 'fan', 'running', 'user:ada', @started, @started, 'instance-that-died', @expired)
            """, new { started = UnixTime.Of(now.AddMinutes(-3)), expired = UnixTime.Of(now.AddMinutes(-1)) }, t));
        using var admin = _app.Admin();
        using var busy = await JobScenario.StartAsync(admin, "retrain-autoencoder", "fan");
        await Json.ProblemAsync(busy, 409, "Job dead-job (retrain-autoencoder) is already running for fan");

        _app.Services.GetRequiredService<JobRunner>().Wake();
        var job = await JobScenario.WaitAsync(admin, "dead-job", JobScenario.Finished);

        Assert.Equal("failed", (string?)job["state"]);
        Assert.Contains("The instance running this job (instance-that-died) stopped renewing its lease", (string?)job["error"], StringComparison.Ordinal);
        using var again = await JobScenario.StartAsync(admin, "retrain-autoencoder", "fan");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task BadRequests_AreRefused_NamingWhatIsMissing()
    {
        await JobScenario.SeedAsync(_app);
        using var admin = _app.Admin();

        using var noKind = await admin.PostAsJsonAsync("/api/v1/jobs", new { machineType = "fan" });
        using var badKind = await JobScenario.StartAsync(admin, "bake-a-cake", "fan");
        using var unknownType = await JobScenario.StartAsync(admin, "retrain-autoencoder", "valve");
        using var fewLabels = await JobScenario.StartAsync(admin, "train-classifier", "fan");
        using var hasModel = await JobScenario.StartAsync(admin, "first-autoencoder", "fan");
        using var noModel = await JobScenario.StartAsync(admin, "retrain-autoencoder", "pump");
        using var noJob = await admin.GetAsync("/api/v1/jobs/no-such-job");
        using var cancelNoJob = await admin.PostAsync("/api/v1/jobs/no-such-job/cancel", null);

        await Json.ProblemAsync(noKind, 400, "kinds: train-classifier, retrain-autoencoder, first-autoencoder");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        await Json.ProblemAsync(unknownType, 404, "No machine of type 'valve' is registered");
        await Json.ProblemAsync(fewLabels, 422, "needs at least 3 clips labelled anomalous (confirmed alerts) whose audio is kept (Auscult:Jobs:ClassifierMinimumAnomalies); there are 2, 1 more to go");
        await Json.ProblemAsync(hasModel, 422, "fan already has a model");
        await Json.ProblemAsync(noModel, 422, "pump has no model yet: train its first autoencoder");
        await Json.ProblemAsync(noJob, 404, "There is no job 'no-such-job'");
        await Json.ProblemAsync(cancelNoJob, 404, "There is no job");
        using var list = await admin.GetAsync("/api/v1/jobs");
        Assert.Empty(await Json.ArrayAsync(list));
    }

    [Fact]
    public async Task JobsAreForAdmins_AnOperatorOrADeviceIsRefused()
    {
        await JobScenario.SeedAsync(_app);
        using var operatorClient = _app.ClientWith(await _app.CreateKeyAsync(ApiRole.Operator));
        using var device = _app.ClientWith(await _app.CreateKeyAsync(ApiRole.Device, "fan-01"));

        foreach (var client in new[] { operatorClient, device })
        {
            using var start = await JobScenario.StartAsync(client, "retrain-autoencoder", "fan");
            using var list = await client.GetAsync("/api/v1/jobs");
            using var offers = await client.GetAsync("/api/v1/jobs/offers");
            Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { start.StatusCode, list.StatusCode, offers.StatusCode });
        }

        using var admin = _app.Admin();
        using var jobs = await admin.GetAsync("/api/v1/jobs");
        Assert.Empty(await Json.ArrayAsync(jobs));
    }
}
