using System.Net;
using System.Text.RegularExpressions;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary><c>auscult keys</c> and <c>auscult serve</c> as a user runs them.</summary>
public sealed partial class ServerCommandsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KeysCreate_PrintsTheKeyAlone_ListShowsItWithoutTheSecret_RevokeRevokesIt()
    {
        string data = _temp.Combine("data");

        var created = await CliRun.Of("keys", "create", "--data", data, "--role", "device", "--machines", "fan-01,fan-02", "--name", "edge box");
        var listed = await CliRun.Of("keys", "list", "--data", data, "--format", "json");

        Assert.Equal(0, created.ExitCode);
        string key = created.Output.TrimEnd('\n');
        Assert.Matches("^ak_[A-Za-z0-9_-]{43}$", key);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        var listedKey = System.Text.Json.Nodes.JsonNode.Parse(listed.Output)!.AsArray().Single()!;
        Assert.Equal("device", (string)listedKey["role"]!);
        Assert.Equal(["fan-01", "fan-02"], listedKey["machines"]!.AsArray().Select(m => (string)m!));
        Assert.StartsWith((string)listedKey["prefix"]!, key, StringComparison.Ordinal);
        string id = (string)listedKey["id"]!;

        var revoked = await CliRun.Of("keys", "revoke", id, "--data", data);
        var table = await CliRun.Of("keys", "list", "--data", data);

        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains($"revoked {id}", revoked.Output, StringComparison.Ordinal);
        Assert.Contains("edge box", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s*$", table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task KeysCreate_ADeviceKeyWithoutMachines_IsAnErrorLine()
    {
        var run = await CliRun.Of("keys", "create", "--data", _temp.Combine("data"), "--role", "device");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("error: A device key needs the machines", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRevoke_AnUnknownId_IsAnErrorLine()
    {
        var run = await CliRun.Of("keys", "revoke", "key_nope", "--data", _temp.Combine("data"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no key 'key_nope'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PrintsItsUrlAndAFirstAdminKey_AnswersHealth_AndStopsOnCtrlC()
    {
        string data = _temp.Combine("data");
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var ctrlC = new CancellationTokenSource();
        var run = AuscultCli.RunAsync(["serve", "--data", data, "--urls", "http://127.0.0.1:0"], synchronized, TextWriter.Synchronized(new StringWriter()),
            ctrlC.Token);

        string url = await WaitForAsync(() => ListeningOn().Match(output.ToString()) is { Success: true } m ? m.Groups[1].Value : null, run);
        using var http = new HttpClient();
        using var health = await http.GetAsync($"{url}/healthz");
        using var noKey = await http.GetAsync($"{url}/api/v1/machines");
        ctrlC.Cancel();
        int exit = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Matches("\n  ak_[A-Za-z0-9_-]{43}\n", output.ToString());
        Assert.True(File.Exists(Path.Combine(data, "auscult.db")));
        Assert.Contains(exit, new[] { ExitCodes.Success, ExitCodes.Cancelled });
    }

    private static async Task<string> WaitForAsync(Func<string?> probe, Task<int> run)
    {
        for (int i = 0; i < 600; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"serve ended early with exit code {await run}.");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("serve printed no URL within 60 s.");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
