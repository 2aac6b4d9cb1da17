using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary><c>auscult loadgen</c> against a real <c>auscult serve</c> in this process.</summary>
public sealed partial class LoadgenCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Loadgen_PostsEveryClipOnce_AndTheCheckFindsEachStoredOnceWithOneScore()
    {
        string data = _temp.Combine("data");
        var output = new StringWriter();
        using var ctrlC = new CancellationTokenSource();
        var serve = AuscultCli.RunAsync(["serve", "--data", data, "--urls", "http://127.0.0.1:0"], TextWriter.Synchronized(output),
            TextWriter.Synchronized(new StringWriter()), ctrlC.Token);
        try
        {
            string url = await WaitForAsync(() => ListeningOn().Match(output.ToString()) is { Success: true } m ? m.Groups[1].Value : null, serve);
            string key = await WaitForAsync(() => AdminKey().Match(output.ToString()) is { Success: true } m ? m.Groups[1].Value : null, serve);

            var run = await CliRun.Of("loadgen", "--server", url, "--key", key, "--devices", "2", "--machines-per-device", "2", "--count", "6",
                "--duration", "1s", "--data", data);

            Assert.True(run.ExitCode == 0, run.Error);
            var report = JsonNode.Parse(run.Output)!.AsObject();
            Assert.Equal(6, (int)report["sent"]!);
            Assert.Equal(6, (int)report["stored"]!);
            Assert.Equal(0, (int)report["duplicated"]!);
            Assert.Equal(0, (int)report["lost"]!);
            Assert.Equal(0, (int)report["errors"]!);
            Assert.Equal("response", (string)report["latencyFrom"]!);
            Assert.True((double)report["p99Ms"]! > 0);
        }
        finally
        {
            ctrlC.Cancel();
            await serve.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Loadgen_WithTwoDatabasesToCheck_IsAnErrorLine()
    {
        var run = await CliRun.Of("loadgen", "--server", "http://127.0.0.1:9", "--key", "k", "--check", "Host=x", "--data", _temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("one database to check", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loadgen_WithoutADestination_IsAnErrorLine()
    {
        var run = await CliRun.Of("loadgen", "--count", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--broker", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loadgen_CheckingAFolderWithoutADatabase_IsAnErrorLine()
    {
        var run = await CliRun.Of("loadgen", "--server", "http://127.0.0.1:9", "--key", "k", "--data", _temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no service database", run.Error, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForAsync(Func<string?> probe, Task<int> serve)
    {
        for (int i = 0; i < 600; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (serve.IsCompleted)
            {
                throw new InvalidOperationException($"serve ended early with exit code {await serve}.");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("serve printed no URL and key within 60 s.");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"\n  (ak_[A-Za-z0-9_-]{43})\n")]
    private static partial Regex AdminKey();
}
