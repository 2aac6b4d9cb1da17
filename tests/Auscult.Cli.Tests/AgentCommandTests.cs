using System.Net;
using System.Net.Sockets;
using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class AgentCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Dataset()
    {
        for (int id = 0; id < 2; id++)
        {
            string folder = _temp.Combine("data", "fan", $"id_0{id}", "normal");
            Directory.CreateDirectory(folder);
            for (int n = 0; n < 2; n++)
            {
                WavWriter.Write(Path.Combine(folder, $"{n:D8}.wav"), AudioClip.Mono(Enumerable.Repeat(0.01f * (n + 1) * (id + 1), 1600).ToArray(), 16000));
            }
        }

        return _temp.Combine("data");
    }

    [Theory]
    [InlineData("give a source", "--broker", "mqtt://127.0.0.1:1883")]
    [InlineData("is not a broker URL", "--replay", "DATA", "--broker", "http://host")]
    [InlineData("give one destination", "--replay", "DATA")]
    [InlineData("--rate does not apply without --replay", "--watch", "DATA", "--machine-id", "fan-01", "--machine-type", "fan", "--rate", "5", "--broker", "mqtt://h")]
    [InlineData("give --machine-id", "--watch", "DATA", "--broker", "mqtt://h")]
    [InlineData("cannot be a topic level", "--replay", "DATA", "--broker", "mqtt://h", "--site", "a/b")]
    [InlineData("'5' is not a duration", "--replay", "DATA", "--broker", "mqtt://h", "--every", "5")]
    [InlineData("--count 0", "--replay", "DATA", "--broker", "mqtt://h", "--count", "0")]
    [InlineData("--normal-audio-every does not apply without --model", "--replay", "DATA", "--broker", "mqtt://h", "--normal-audio-every", "2h")]
    [InlineData("'soon' is not a duration", "--replay", "DATA", "--broker", "mqtt://h", "--model", "m.auscult", "--normal-audio-every", "soon")]
    [InlineData("--model publishes each clip's score over MQTT", "--replay", "DATA", "--server", "http://127.0.0.1:1", "--key", "k", "--model", "m.auscult")]
    [InlineData("does not exist", "--replay", "DATA", "--broker", "mqtt://h", "--model", "absent.auscult")]
    public async Task BadOptions_AreInputErrors_WithAClearMessage(string message, params string[] args)
    {
        string data = Dataset();
        var run = await CliRun.Of(["agent", "--spool", _temp.Combine("spool"), .. args.Select(a => a == "DATA" ? data : a)]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_OfAClassifier_IsRefusedClearly_LocalScoringRunsAutoencodersOnly()
    {
        string bundle = _temp.Combine("classifier.auscult");
        Auscult.Torch.Tests.TestSupport.HumModel.Save(bundle);
        // The same bundle declaring a classifier: the agent reads the kind before anything else.
        using (var zip = System.IO.Compression.ZipFile.Open(bundle, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string manifest;
            using (var reader = new StreamReader(entry.Open()))
            {
                manifest = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            writer.Write(manifest.Replace("\"modelKind\": \"autoencoder\"", "\"modelKind\": \"classifier\"", StringComparison.Ordinal));
        }

        var run = await CliRun.Of(["agent", "--spool", _temp.Combine("spool"), "--replay", Dataset(), "--broker", "mqtt://127.0.0.1:1", "--model", bundle]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("holds a classifier", run.Error, StringComparison.Ordinal);
        Assert.Contains("autoencoders only", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, ExitCodes.Success)]
    [InlineData(403, ExitCodes.NotDelivered)]
    public async Task Replay_OverHttp_ExitsOnceEveryClipIsAnswered(int status, int exitCode)
    {
        var listener = new HttpListener();
        int port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        int posts = 0;
        var serve = Task.Run(async () =>
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                try
                {
                    await context.Request.InputStream.CopyToAsync(Stream.Null);
                    Interlocked.Increment(ref posts);
                    context.Response.StatusCode = status;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The listener stopped while the last answer was being closed; the agent already had it.
                }
            }
        });

        var run = await CliRun.Of("agent", "--replay", Dataset(), "--count", "4", "--rate", "100", "--server", $"http://127.0.0.1:{port}",
            "--key", "k", "--spool", _temp.Combine("spool"), "--device-id", "edge-01");
        // Close alone: Stop then Dispose looks the endpoint up again and can try to bind the port anew.
        listener.Close();
        await serve;

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(4, posts);
        Assert.Contains(status == 200 ? "4 captured, 4 acknowledged, 0 dropped, 0 rejected" : "4 captured, 0 acknowledged, 0 dropped, 4 rejected", run.Output, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
