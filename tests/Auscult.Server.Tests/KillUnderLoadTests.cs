using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Alerts;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests;

/// <summary>
/// The service as a child process on SQLite, killed (SIGKILL) while clients post clips, then restarted on the same data:
/// every answered clip is stored exactly once with the verdict it was answered, and each machine's alert state is what
/// the alert engine makes of its stored verdicts.
/// </summary>
public sealed class KillUnderLoadTests : IDisposable
{
    private const int Machines = 3;
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KilledMidLoad_LosesNoAnsweredClip_StoresNoneTwice_AndKeepsAlertsConsistent()
    {
        var answered = new System.Collections.Concurrent.ConcurrentDictionary<string, (string Machine, string ClipId, string Verdict)>();
        string adminKey;
        await using (var first = await ServiceProcess.StartAsync(_data.Path))
        {
            adminKey = first.AdminKey!;
            using var admin = first.Client(adminKey);
            using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(TestModel.Bytes));
            upload.EnsureSuccessStatusCode();
            string modelId = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using var activate = await admin.PostAsJsonAsync($"/api/v1/models/{modelId}/activate", new { machineType = "fan" });
            activate.EnsureSuccessStatusCode();

            // One client per machine, posting one clip after another (so each machine's clips commit in their sending
            // order); mostly anomalous, so alerts open, escalate and clear under load.
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(1, Machines).Select(m => Task.Run(async () =>
            {
                using var client = first.Client(adminKey);
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    string clientClipId = $"fan-0{m}-{i}";
                    byte[] wav = i % 4 == 3 ? TestAudio.NormalWav(i) : TestAudio.AnomalousWav(i);
                    var content = new ByteArrayContent(wav);
                    content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/machines/fan-0{m}/clips") { Content = content };
                    request.Headers.Add("X-Clip-Id", clientClipId);
                    request.Headers.Add("X-Machine-Type", "fan");
                    try
                    {
                        using var response = await client.SendAsync(request);
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new InvalidOperationException($"{clientClipId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }

                        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                        answered[clientClipId] = ($"fan-0{m}", (string)body["clipId"]!, (string)body["verdict"]!);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        return; // the service is gone
                    }
                }
            })).ToList();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (answered.Count < 30 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            first.Kill(); // SIGKILL mid-load: no shutdown, no flush
            stop.Cancel();
            await Task.WhenAll(clients);
        }

        Assert.True(answered.Count >= 30, $"only {answered.Count} clips were answered before the kill");
        await using var second = await ServiceProcess.StartAsync(_data.Path);
        using var reader = second.Client(adminKey);
        for (int m = 1; m <= Machines; m++)
        {
            string machineId = $"fan-0{m}";
            using var scoresResponse = await reader.GetAsync($"/api/v1/machines/{machineId}/scores?from=2000-01-01T00:00:00Z");
            var scores = (await scoresResponse.Content.ReadFromJsonAsync<JsonArray>())!.Select(s => s!.AsObject()).ToList();
            var storedIds = scores.Select(s => (string)s["clipId"]!).ToList();

            // Every answered clip is stored once, with the verdict it was answered; none is stored twice.
            Assert.Equal(storedIds.Count, storedIds.Distinct().Count());
            foreach (var (_, (machine, clipId, verdict)) in answered.Where(a => a.Value.Machine == machineId))
            {
                var stored = Assert.Single(scores, s => (string)s["clipId"]! == clipId);
                Assert.Equal(verdict, (string)stored["verdict"]!);
            }

            // The alert state is what the engine makes of the stored verdicts, in their order (UUIDv7 clip ids sort by time).
            var engine = new AlertEngine(AlertPolicy.Default, TimeProvider.System);
            var replay = MachineAlertState.Create(machineId);
            foreach (var score in scores.OrderBy(s => (string)s["clipId"]!, StringComparer.Ordinal))
            {
                var verdict = WireNames.Parse<Verdict>((string)score["verdict"]!);
                replay = engine.Observe(replay, new ClipObservation((string)score["clipId"]!, verdict, (double?)score["score"], (double?)score["threshold"],
                    (string?)score["modelId"], (string?)score["kind"], (string?)score["unfitReason"])).State;
            }

            using var machineResponse = await reader.GetAsync($"/api/v1/machines/{machineId}");
            var view = (await machineResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(WireNames.Of(replay.State), (string)view["state"]!);
            var open = view["openAlerts"]!.AsArray().Select(a => a!.AsObject()).ToList();
            Assert.Equal(replay.OpenAlerts.Count, open.Count);
            foreach (var alert in replay.OpenAlerts)
            {
                var row = Assert.Single(open, a => (string)a["kind"]! == alert.Kind);
                Assert.Equal(WireNames.Of(alert.Severity), (string)row["severity"]!);
                Assert.Equal(alert.ClipCount, (int)row["clipCount"]!);
                Assert.Equal(alert.LastClipId, (string?)row["lastClipId"]);
            }

            // A clip answered before the kill, sent again, is answered the same and not stored again.
            if (answered.FirstOrDefault(a => a.Value.Machine == machineId) is { Key: not null } again)
            {
                var content = new ByteArrayContent(TestAudio.NormalWav(999));
                content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/machines/{machineId}/clips") { Content = content };
                request.Headers.Add("X-Clip-Id", again.Key);
                using var resent = await reader.SendAsync(request);
                Assert.Equal(again.Value.ClipId, (string)(await resent.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!);
            }
        }
    }

    /// <summary>The service's own build (<c>src/Auscult.Server</c>, same configuration) run with <c>dotnet</c> on a free loopback port.</summary>
    private sealed class ServiceProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _url;

        private ServiceProcess(Process process, string url, string? adminKey)
        {
            _process = process;
            _url = url;
            AdminKey = adminKey;
        }

        public string? AdminKey { get; }

        public static async Task<ServiceProcess> StartAsync(string data)
        {
            string dll = ServerDll();
            for (int attempt = 1; ; attempt++)
            {
                int port = LoopbackHttp.FreePort();
                var info = new ProcessStartInfo("dotnet")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    WorkingDirectory = data,
                };
                foreach (string arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", $"--Auscult:DataDirectory={data}" })
                {
                    info.ArgumentList.Add(arg);
                }

                var process = Process.Start(info)!;
                string? key = null;
                var errors = process.StandardError.ReadToEndAsync();
                while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
                {
                    if (line.Trim().StartsWith("ak_", StringComparison.Ordinal))
                    {
                        key = line.Trim();
                    }

                    if (line.Contains("is listening on", StringComparison.Ordinal))
                    {
                        _ = process.StandardOutput.ReadToEndAsync(); // keep the pipe drained
                        return new ServiceProcess(process, $"http://127.0.0.1:{port}", key);
                    }
                }

                // It ended before listening: a taken port is retried with another, anything else fails the test.
                await process.WaitForExitAsync();
                string stderr = await errors;
                if (attempt >= 5 || !stderr.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"The service did not start (exit {process.ExitCode}): {stderr}");
                }
            }
        }

        public HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = new Uri(_url), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        // src/Auscult.Server's output for this test build's configuration, framework and runtime (the test project
        // references it, so it is built with the tests).
        private static string ServerDll()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            var parts = new List<string>();
            while (directory is not null && directory.Name != "bin")
            {
                parts.Insert(0, directory.Name);
                directory = directory.Parent;
            }

            var root = directory?.Parent?.Parent?.Parent
                ?? throw new InvalidOperationException($"Cannot find the repository from {AppContext.BaseDirectory}.");
            string dll = Path.Combine([root.FullName, "src", "Auscult.Server", "bin", .. parts, "Auscult.Server.dll"]);
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The service's build is missing: {dll}");
        }

    }
}
