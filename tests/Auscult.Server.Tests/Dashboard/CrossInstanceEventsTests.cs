using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Dashboard;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>
/// Two service instances on one PostgreSQL (when AUSCULT_TEST_POSTGRES is set): a clip scored by one reaches the
/// other's dashboard events, which is what turns its overview's tile without a reload.
/// </summary>
public sealed class CrossInstanceEventsTests : IAsyncLifetime
{
    private PostgresTestDatabase? _server;
    private AuscultApp? _scoring;
    private AuscultApp? _watching;

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            return;
        }

        _server = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string> { ["Auscult:Database"] = _server.ConnectionString };
        _scoring = new AuscultApp(settings: settings);
        _watching = new AuscultApp(settings: settings);
        _ = _scoring.AdminKey; // the first instance starts (and makes the first admin key) before the second
        _ = _watching.Services;
    }

    public async Task DisposeAsync()
    {
        _scoring?.Dispose();
        _watching?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task AClipScoredByOneInstance_ReachesTheOtherInstancesDashboard_Once()
    {
        var heard = new List<MachineChange>();
        var first = new TaskCompletionSource<MachineChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watching!.Services.GetRequiredService<MachineEvents>().Changed += change =>
        {
            lock (heard)
            {
                heard.Add(change);
            }

            first.TrySetResult(change);
        };
        await Relay(_watching).Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var scoringHeard = new List<MachineChange>();
        _scoring!.Services.GetRequiredService<MachineEvents>().Changed += change =>
        {
            lock (scoringHeard)
            {
                scoringHeard.Add(change);
            }
        };
        using var admin = _scoring.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-07", TestAudio.NormalWav(1), machineType: "fan");
        response.EnsureSuccessStatusCode();
        string clipId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!;
        var change = await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The scoring instance's own notification comes back to it as well; wait until the watcher could have heard
        // a second copy (a marker change published after the clip arrives after it), then count.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _watching.Services.GetRequiredService<MachineEvents>().Changed += c =>
        {
            if (c.MachineId == "marker")
            {
                marker.TrySetResult();
            }
        };
        _scoring.Services.GetRequiredService<MachineEvents>().Publish(new MachineChange("marker", null));
        await marker.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new MachineChange("fan-07", clipId), change);
        lock (heard)
        {
            Assert.Single(heard, c => c.MachineId == "fan-07");
        }

        lock (scoringHeard)
        {
            Assert.Single(scoringHeard, c => c.MachineId == "fan-07");
        }
    }

    private static MachineChangeRelay Relay(AuscultApp app) => app.Services.GetServices<IHostedService>().OfType<MachineChangeRelay>().Single();
}
