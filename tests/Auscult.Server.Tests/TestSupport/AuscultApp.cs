using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// The service in memory (WebApplicationFactory over the real Program) on a private data folder with SQLite, a fake
/// clock, and its console captured so tests can read the first admin key.
/// </summary>
internal sealed class AuscultApp : WebApplicationFactory<Program>
{
    /// <summary>The clip size limit the tests run with (a 1-s clip is 32 KB).</summary>
    public const long ClipLimit = 200_000;

    private readonly TempFolder _data = new();
    private readonly StringWriter _console = new();
    private readonly Action<IServiceCollection>? _services;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public AuscultApp(Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _services = services;
        _settings = settings;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public string DataDirectory => _data.Path;

    /// <summary>What the service printed.</summary>
    public string ConsoleOutput
    {
        get
        {
            _ = Services; // starts the host (in memory or, after UseKestrel, on a port)
            return _console.ToString();
        }
    }

    /// <summary>The admin key printed on first start.</summary>
    public string AdminKey => ConsoleOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ak_", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Auscult:DataDirectory", _data.Path);
        builder.UseSetting("Auscult:MaxClipBytes", ClipLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(new ServerConsole(_console));
            _services?.Invoke(services);
        });
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A client with the first admin key.</summary>
    public HttpClient Admin() => ClientWith(AdminKey);

    /// <summary>Makes a key through the admin API's store (as <c>auscult keys create</c> does).</summary>
    public async Task<string> CreateKeyAsync(Auth.ApiRole role, params string[] machines)
    {
        var keys = Services.GetRequiredService<global::Auscult.Server.Storage.KeyStore>();
        var (_, key) = await keys.CreateAsync(role, machines, $"test {role}", Clock.GetUtcNow());
        return key;
    }

    /// <summary>Uploads the test model and activates it for fan machines; returns its id.</summary>
    public async Task<string> ActivateTestModelAsync()
    {
        using var admin = Admin();
        using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));
        upload.EnsureSuccessStatusCode();
        string id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var activate = await admin.PostAsJsonAsync($"/api/v1/models/{id}/activate", new { machineType = "fan" });
        activate.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Posts WAV bytes as a clip.</summary>
    public static Task<HttpResponseMessage> PostClipAsync(HttpClient client, string machineId, byte[] wav, string? clipId = null, string? machineType = null,
        string contentType = "audio/wav")
    {
        var content = new ByteArrayContent(wav);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/machines/{machineId}/clips") { Content = content };
        if (clipId is not null)
        {
            request.Headers.Add("X-Clip-Id", clipId);
        }

        if (machineType is not null)
        {
            request.Headers.Add("X-Machine-Type", machineType);
        }

        return client.SendAsync(request);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
