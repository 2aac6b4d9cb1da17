using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Auscult.Messaging;
using Auscult.Server;
using Auscult.Tests.TestSupport;
using Auscult.Torch;
using Auscult.Torch.Tests.TestSupport;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.MqttLatency;

/// <summary>
/// Starts a mosquitto (anonymous, loopback, a free port), the service in this process subscribed to it with the tiny
/// hum model active for fans, then publishes clips as agents do at each rate and times each clip from just before its
/// publish to the arrival of its score on <c>auscult/v1/bench/{machine}/score</c>.
/// </summary>
internal static class LatencyRun
{
    private const string Site = "bench";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        double[] rates = Option(args, "--rates", "10,100").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        double seconds = double.Parse(Option(args, "--seconds", "30"), CultureInfo.InvariantCulture);
        int machines = int.Parse(Option(args, "--machines", "20"), CultureInfo.InvariantCulture);
        double clipSeconds = double.Parse(Option(args, "--clip-seconds", "10"), CultureInfo.InvariantCulture);
        // Service settings passed through as they are, e.g. --set Auscult:Mqtt:Workers=8 (repeatable).
        string[] settings = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => "--" + args[p.i + 1])];
        string folder = Directory.CreateTempSubdirectory("auscult-mqtt-latency-").FullName;
        TorchRuntime.Configure(TorchThreads.Default);
        using var broker = StartMosquitto(folder, out int port);
        try
        {
            string bundle = Path.Combine(folder, "fan.auscult");
            HumModel.Save(bundle, machineId: null);
            var console = new StringWriter();
            await using var app = AuscultServer.Build(AuscultServer.CreateBuilder(
            [
                "--urls=http://127.0.0.1:0", $"--Auscult:DataDirectory={Path.Combine(folder, "data")}", "--Logging:LogLevel:Default=Warning",
                $"--Auscult:Mqtt:Broker=mqtt://127.0.0.1:{port}", "--Auscult:Mqtt:ClientId=auscult-bench", .. settings,
            ], console));
            await app.StartAsync();
            await ActivateAsync(app.Urls.First(), console.ToString(), bundle);

            var arrivals = new ConcurrentDictionary<string, long>();
            using var subscriber = await ClientAsync(port, "bench-screen");
            subscriber.ApplicationMessageReceivedAsync += e =>
            {
                long now = Stopwatch.GetTimestamp();
                var score = ScoreMessage.Parse(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e.ApplicationMessage.Topic);
                arrivals.TryAdd(score.ClipId, now);
                return Task.CompletedTask;
            };
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"auscult/v1/{Site}/+/score", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            using var device = await ClientAsync(port, "bench-device");
            byte[][] clips = [.. Enumerable.Range(0, 16).Select(i => HumAudio.Wav(HumAudio.Hum(i, whine: i % 8 == 7, seconds: clipSeconds)))];

            output.WriteLine($"MQTT latency: publish -> score on the score topic; {machines} machines, {clipSeconds:0.#}-s clips ({clips[0].Length / 1024} KiB), mosquitto {port}, {Environment.ProcessorCount} cores");
            output.WriteLine("rate/s  clips  received  p50 ms  p90 ms  p99 ms  max ms  achieved/s  cpu s (service+device)  cpu s (mosquitto)");
            await PublishAsync(device, clips, machines, 10, 2, "warmup"); // warm-up: JIT, connections, model cache
            foreach (double rate in rates)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                double brokerCpu = CpuSeconds(broker);
                var (sent, elapsed) = await PublishAsync(device, clips, machines, rate, seconds, $"r{rate}");
                var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (sent.Keys.Count(arrivals.ContainsKey) < sent.Count && DateTime.UtcNow < limit)
                {
                    await Task.Delay(50);
                }

                double[] latencies = [.. sent.Where(p => arrivals.ContainsKey(p.Key)).Select(p => Stopwatch.GetElapsedTime(p.Value, arrivals[p.Key]).TotalMilliseconds).Order()];
                double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{rate,6:0.#}  {sent.Count,5}  {latencies.Length,8}  {Pct(latencies, 50),6:0.0}  {Pct(latencies, 90),6:0.0}  {Pct(latencies, 99),6:0.0}  {latencies.LastOrDefault(),6:0.0}  {sent.Count / elapsed.TotalSeconds,10:0.0}  {cpuSeconds,22:0.0}  {CpuSeconds(broker) - brokerCpu,17:0.0}"));
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            broker.Kill();
            await broker.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(Dictionary<string, long> Sent, TimeSpan Elapsed)> PublishAsync(IMqttClient device, byte[][] clips, int machines, double rate,
        double seconds, string tag)
    {
        int count = (int)Math.Round(rate * seconds);
        var sent = new Dictionary<string, long>(count);
        var pending = new List<Task>(count);
        // mosquitto's receive maximum (max_inflight_messages, 20 by default): a client with more unacknowledged
        // publishes in flight is disconnected. Agents publish one at a time; the bench allows 16 at once.
        using var inflight = new SemaphoreSlim(16);
        string[] hashes = [.. clips.Select(c => Convert.ToHexStringLower(SHA256.HashData(c)))];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            // Open loop: each clip leaves at its scheduled time whatever the earlier ones are doing.
            var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            string clipId = $"{tag}-{i}-{Guid.CreateVersion7()}";
            int c = i % clips.Length;
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(MqttTopics.Clip(Site, $"fan-{i % machines:00}"))
                .WithPayload(clips[c])
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithUserProperty(ClipProperties.ClipId, U8(clipId))
                .WithUserProperty(ClipProperties.RecordedAt, U8(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)))
                .WithUserProperty(ClipProperties.DeviceId, U8("bench-device"))
                .WithUserProperty(ClipProperties.MachineType, U8("fan"))
                .WithUserProperty(ClipProperties.Sha256, U8(hashes[c]))
                .Build();
            sent[clipId] = Stopwatch.GetTimestamp();
            await inflight.WaitAsync();
            pending.Add(PublishOneAsync(device, message, inflight));
        }

        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return (sent, elapsed);
    }

    private static async Task PublishOneAsync(IMqttClient device, MqttApplicationMessage message, SemaphoreSlim inflight)
    {
        try
        {
            await device.PublishAsync(message);
        }
        finally
        {
            inflight.Release();
        }
    }

    private static async Task ActivateAsync(string url, string console, string bundle)
    {
        string key = console.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("ak_", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var upload = await http.PostAsync("/api/v1/models", new ByteArrayContent(await File.ReadAllBytesAsync(bundle)));
        upload.EnsureSuccessStatusCode();
        string id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var activate = await http.PostAsJsonAsync($"/api/v1/models/{id}/activate", new { machineType = "fan" });
        activate.EnsureSuccessStatusCode();
    }

    private static async Task<IMqttClient> ClientAsync(int port, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId(clientId).Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = MqttSocketBuffer.Bytes;
        await client.ConnectAsync(options);
        return client;
    }

    private static Process StartMosquitto(string folder, out int port)
    {
        for (int attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            string config = Path.Combine(folder, "mosquitto.conf");
            File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n{(Environment.UserName == "root" ? "user root\n" : "")}");
            var process = Process.Start(new ProcessStartInfo("mosquitto") { ArgumentList = { "-c", config }, RedirectStandardError = true, UseShellExecute = false })!;
            for (int i = 0; i < 100 && !process.HasExited; i++)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect("127.0.0.1", port);
                    return process;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            if (attempt >= 5)
            {
                throw new InvalidOperationException($"mosquitto did not start: {process.StandardError.ReadToEnd()}");
            }
        }
    }

    private static double CpuSeconds(Process process)
    {
        // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
        string[] fields = File.ReadAllText($"/proc/{process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Pct(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static ReadOnlyMemory<byte> U8(string value) => System.Text.Encoding.UTF8.GetBytes(value);
}
