using Auscult.Server.Alerts;
using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary>
/// <c>auscult demo --live</c> in a short version (a quick model, a clip per fan every 6 h of recording, the week in 15 s),
/// checked in the store it leaves: the four fans, an alarm on the faulty fan, and the silent fan offline.
/// </summary>
public sealed class LiveDemoTests : IDisposable
{
    private static readonly string[] Quick = ["--urls", "http://127.0.0.1:0", "--clip-every", "6h", "--epochs", "30", "--stop-after-replay"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LiveDemo_ReplaysTheFleet_TheFaultyFanAlarms_AndTheSilentOneIsOffline_ThenReusesTheModel()
    {
        string folder = _temp.Combine("live");

        var run = await CliRun.Of(["demo", "--live", "--out", folder, "--replay-time", "15s", .. Quick]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/   sign in as 'demo' with password [0-9a-f]{12}", run.Output);
        await using (var database = AuscultDatabase.Open(Path.Combine(folder, "data"), null))
        {
            var machines = await new MachineStore(database).ListAsync();
            Assert.Equal(["fan-01", "fan-02", "fan-03", "fan-04"], machines.Select(m => m.Id).Order(StringComparer.Ordinal));
            var alerts = await new AlertStore(database).ListAsync();
            Assert.Contains(alerts, a => a.MachineId == "fan-01" && a.Severity == AlertSeverity.Alarm && a.ClosedAt is null);
            // A healthy fan may raise a passing warning (the threshold lets a few normal clips through); never an alarm.
            Assert.DoesNotContain(alerts, a => a.MachineId is "fan-03" or "fan-04" && a.Severity == AlertSeverity.Alarm);
            Assert.Equal("offline", await StoredStateAsync(database, "fan-03"));
            Assert.NotEqual("offline", await StoredStateAsync(database, "fan-04"));
        }

        // The demo ran in this process: its pooled SQLite connections would outlive the file --overwrite deletes.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // A second run reuses the trained model, and replaces the earlier service data only when told to.
        var refused = await CliRun.Of(["demo", "--live", "--out", folder, .. Quick]);
        var again = await CliRun.Of(["demo", "--live", "--out", folder, "--overwrite", "--replay-time", "3s", .. Quick]);

        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains("pass --overwrite", refused.Error, StringComparison.Ordinal);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error + again.Output);
        Assert.Contains("using the cached fan model", again.Output, StringComparison.Ordinal);
        Assert.Contains("fan-01 alarm", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveDemo_IntoAFolderWithOtherFiles_RefusesAndTouchesNothing()
    {
        string folder = _temp.Combine("mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");

        var run = await CliRun.Of(["demo", "--live", "--out", folder, .. Quick]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("notes.txt", run.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task LiveOptions_WithoutLive_AreRefused()
    {
        var run = await CliRun.Of("demo", "--out", _temp.Combine("x"), "--replay-time", "10s");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("--replay-time does not apply without --live", run.Error, StringComparison.Ordinal);
    }

    private static async Task<string?> StoredStateAsync(AuscultDatabase database, string machineId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT machine_state FROM machine_alert_states WHERE machine_id = $id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = machineId;
        command.Parameters.Add(parameter);
        return (string?)await command.ExecuteScalarAsync();
    }
}
