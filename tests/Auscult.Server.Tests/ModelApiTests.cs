using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests;

/// <summary>Uploading and activating model bundles.</summary>
public sealed class ModelApiTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Upload_AnswersTheBundlesSha256_KindMachineTypeAndMetrics_AndAgainIsTheSameModel()
    {
        using var admin = _app.Admin();

        // curl --data-binary sends application/x-www-form-urlencoded unless told otherwise: the bytes are what count.
        var form = new ByteArrayContent(TestModel.Bytes);
        form.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var first = await admin.PostAsync("/api/v1/models", form);
        using var again = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var model = await Json.ObjectAsync(first);
        Assert.Equal(TestModel.Id, (string)model["id"]!);
        Assert.Equal("autoencoder", (string)model["kind"]!);
        Assert.Equal("fan", (string)model["machineType"]!);
        Assert.True((double)model["metrics"]!["threshold"]!["value"]! > 0);
        Assert.Equal(8, (int)model["metrics"]!["trainingData"]!["clipCount"]!);
        Assert.False(model.ContainsKey("filePath"));
        Assert.True(File.Exists(Path.Combine(_app.DataDirectory, "models", $"{TestModel.Id}.auscult")));
    }

    [Fact]
    public async Task UploadingSomethingElse_Is400_NamingTheProblem_AndStoresNothing()
    {
        using var admin = _app.Admin();

        using var response = await admin.PostAsync("/api/v1/models", new ByteArrayContent("PK but not really a zip"u8.ToArray()));
        using var list = await admin.GetAsync("/api/v1/models");

        await Json.ProblemAsync(response, 400, "not a model bundle");
        Assert.Empty((await Json.ObjectAsync(list))["models"]!.AsArray());
        Assert.Empty(Directory.Exists(Path.Combine(_app.DataDirectory, "models")) ? Directory.GetFiles(Path.Combine(_app.DataDirectory, "models")) : []);
        Assert.Empty(Directory.GetFiles(Path.Combine(_app.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task Activation_IsRecordedWithWhoAndWhen_AndListed()
    {
        string id = await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        using var list = await admin.GetAsync("/api/v1/models");

        var activation = (await Json.ObjectAsync(list))["activations"]!.AsArray().Single()!;
        Assert.Equal(id, (string)activation["modelId"]!);
        Assert.Equal("fan", (string)activation["machineType"]!);
        Assert.Null(activation["machineId"]);
        Assert.StartsWith("key_", (string)activation["activatedBy"]!, StringComparison.Ordinal);
        Assert.Equal(_app.Clock.GetUtcNow(), (DateTimeOffset)activation["activatedAt"]!);
    }

    [Fact]
    public async Task Activating_AnUnknownModel_Is404_AndWithoutATarget_Is400()
    {
        using var admin = _app.Admin();
        using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));

        using var unknown = await admin.PostAsJsonAsync("/api/v1/models/0000/activate", new { machineType = "fan" });
        using var noTarget = await admin.PostAsJsonAsync($"/api/v1/models/{TestModel.Id}/activate", new { });
        using var unknownMachine = await admin.PostAsJsonAsync($"/api/v1/models/{TestModel.Id}/activate", new { machineId = "fan-77" });

        await Json.ProblemAsync(unknown, 404, "0000");
        await Json.ProblemAsync(noTarget, 400, "exactly one");
        await Json.ProblemAsync(unknownMachine, 404, "fan-77");
    }

    [Fact]
    public async Task AModelTrainedOnFans_CannotBeActivatedForPumps()
    {
        using var admin = _app.Admin();
        using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));

        using var response = await admin.PostAsJsonAsync($"/api/v1/models/{TestModel.Id}/activate", new { machineType = "pump" });

        await Json.ProblemAsync(response, 422, "fan");
    }

    [Fact]
    public async Task AMachinesOwnActivation_WinsOverItsTypes()
    {
        string id = await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        using var register = await admin.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan" });
        using var before = await admin.GetAsync("/api/v1/machines/fan-01");

        Assert.Equal(id, (string)(await Json.ObjectAsync(before))["activeModelId"]!);
    }
}
