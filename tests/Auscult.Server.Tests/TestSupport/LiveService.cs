using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Storage;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// The real service (the host <c>auscult serve</c> runs, real clock, Kestrel on a free loopback port) on a data folder
/// that outlives it, so a test can stop it and start it again on the same data.
/// </summary>
internal sealed class LiveService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StringWriter _console;

    private LiveService(WebApplication app, StringWriter console)
    {
        _app = app;
        _console = console;
    }

    public string Url => _app.Urls.First();

    public IServiceProvider Services => _app.Services;

    public string Console => _console.ToString();

    /// <summary>The admin key printed on the data folder's first start (null on later starts).</summary>
    public string? AdminKey => Console.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ak_", StringComparison.Ordinal));

    public static async Task<LiveService> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Auscult:DataDirectory={dataDirectory}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Auscult.Server.Mqtt=Information",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        var console = new StringWriter();
        var app = AuscultServer.Build(AuscultServer.CreateBuilder(args, console));
        await app.StartAsync();
        return new LiveService(app, console);
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Uploads the test model and activates it for fan machines; returns its id.</summary>
    public async Task<string> ActivateTestModelAsync(string adminKey)
    {
        using var admin = Client(adminKey);
        using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));
        upload.EnsureSuccessStatusCode();
        string id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var activate = await admin.PostAsJsonAsync($"/api/v1/models/{id}/activate", new { machineType = "fan" });
        activate.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Stored clips, distinct sender clip ids among them, and scores with a model's verdict.</summary>
    public Task<(long Clips, long DistinctClipIds, long Scored)> CountsAsync() =>
        Services.GetRequiredService<AuscultDatabase>().WithConnectionAsync(async c =>
        {
            long clips = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM clips");
            long distinct = await c.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT machine_id || '/' || client_clip_id) FROM clips");
            long scored = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scores WHERE verdict IN ('normal', 'anomalous')");
            return (clips, distinct, scored);
        });

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Stopped and disposed already.
        }

        await _app.DisposeAsync();
    }
}
