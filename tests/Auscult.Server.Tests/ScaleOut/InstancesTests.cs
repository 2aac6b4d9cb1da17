using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.ScaleOut;

/// <summary>
/// Several instances on one database: each score names the instance that made it, and a model uploaded and activated
/// through one instance scores the very next clip another instance receives, though its data folder never had the bundle.
/// </summary>
public sealed class InstancesTests : IDisposable
{
    private readonly TempFolder _first = new();
    private readonly TempFolder _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [PostgresFact]
    public async Task ModelActivatedThroughOneInstance_ScoresTheNextClipOfAnother_AndEachScoreNamesItsInstance()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        using var a = new AuscultApp(settings: Settings(server, "scorer-a"));
        string key = a.AdminKey;
        using var b = new AuscultApp(settings: Settings(server, "scorer-b"));
        using var toA = a.ClientWith(key);
        using var toB = b.ClientWith(key);

        Assert.Equal("no-model", await VerdictAsync(toB, "before"));
        string modelId = await a.ActivateTestModelAsync();
        string bundle = Path.Combine(b.DataDirectory, FileStore.ModelPathOf(modelId));
        Assert.False(File.Exists(bundle));

        // No wait, no notification: instance b reads the activation with its next clip and fetches the bundle.
        using var afterOnB = await AuscultApp.PostClipAsync(toB, "fan-01", TestAudio.NormalWav(2), clipId: "after-b", machineType: "fan");
        var answer = (await afterOnB.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(modelId, (string?)answer["modelId"]);
        Assert.NotEqual("no-model", (string?)answer["verdict"]);
        Assert.True(File.Exists(bundle));
        Assert.NotEqual("no-model", await VerdictAsync(toA, "after-a"));

        var counts = await new StoredClipCounts(a.Services.GetRequiredService<AuscultDatabase>()).ReadAsync(["fan-01"]);
        Assert.Equal(
            [("after-a", "scorer-a"), ("after-b", "scorer-b"), ("before", "scorer-b")],
            counts.Select(c => (c.ClientClipId, c.ScoredBy)).OrderBy(c => c.ClientClipId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task BundleMissingFromTheDataFolder_IsFetchedFromTheDatabase()
    {
        await using var database = AuscultDatabase.Open(_first.Path, null);
        await database.MigrateAsync(TimeProvider.System);
        try
        {
            var models = new ModelStore(database);
            var files = new FileStore(_first.Path);
            using var detectors = new DetectorCache(files, models);
            var registry = new ModelRegistry(files, models, new MachineStore(database), detectors, TimeProvider.System);
            var (model, _) = await registry.UploadAsync(new MemoryStream(TestModel.Bytes), long.MaxValue, "test");

            // Another instance's data folder: without the database the bundle is missing; with it, fetched and kept.
            var elsewhere = new FileStore(_second.Path);
            using (var alone = new DetectorCache(elsewhere))
            {
                await Assert.ThrowsAsync<ModelException>(() => alone.GetAsync(model));
            }

            using var fetching = new DetectorCache(elsewhere, models);
            var detector = await fetching.GetAsync(model);
            Assert.Equal(model.Id, detector.ModelId);
            Assert.Equal(TestModel.Bytes, await File.ReadAllBytesAsync(elsewhere.FullPath(model.FilePath)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void InstanceId_DefaultsToHostAndProcess_AndRefusesSpaces()
    {
        Assert.Equal($"{Environment.MachineName}:{Environment.ProcessId}", new ServerInstance().Id);
        Assert.Equal("scorer-a", new ServerInstance("scorer-a").Id);
        var result = new ServerOptionsValidator().Validate(null, new ServerOptions { InstanceId = "scorer a" });
        Assert.Contains("Auscult:InstanceId", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(PostgresTestDatabase server, string instanceId) => new()
    {
        ["Auscult:Database"] = server.ConnectionString,
        ["Auscult:InstanceId"] = instanceId,
    };

    private static async Task<string> VerdictAsync(HttpClient client, string clipId)
    {
        using var response = await AuscultApp.PostClipAsync(client, "fan-01", TestAudio.NormalWav(clipId.Length), clipId: clipId, machineType: "fan");
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["verdict"]!;
    }
}
