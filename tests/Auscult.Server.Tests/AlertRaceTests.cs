using System.Net;
using System.Text.RegularExpressions;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>
/// Many clips and an operator's acknowledge for one machine at the same moment: every one changes the machine's alert
/// state exactly once, in some order, and the stored state is what the engine gives running them one by one in that
/// order (no lost update). On SQLite, and on PostgreSQL when <c>AUSCULT_TEST_POSTGRES</c> is set.
/// </summary>
public sealed partial class AlertRaceTests
{
    private const int Clips = 24;

    [Fact]
    public async Task RacingClipsAndAnAcknowledge_OnSqlite_LoseNoUpdate()
    {
        var recorder = new RecordingRules();
        using var app = new AuscultApp(recorder.Register);
        await RaceAsync(app, recorder);
    }

    [PostgresFact]
    public async Task RacingClipsAndAnAcknowledge_OnPostgres_LoseNoUpdate()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var recorder = new RecordingRules();
        using var app = new AuscultApp(recorder.Register, new Dictionary<string, string> { ["Auscult:Database"] = database.ConnectionString });
        await RaceAsync(app, recorder);
    }

    private static async Task RaceAsync(AuscultApp app, RecordingRules recorder)
    {
        await app.ActivateTestModelAsync();
        using var admin = app.Admin();
        // Two anomalous clips open a warning, one at a time; then the race.
        for (int i = 0; i < 2; i++)
        {
            using var opening = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(100 + i), machineType: "fan");
            opening.EnsureSuccessStatusCode();
        }

        string alertId = (await app.Services.GetRequiredService<MachineAlertService>().StateAsync("fan-01")).MachineAlert!.Id;
        var posts = Enumerable.Range(0, Clips).Select(async i =>
        {
            await Task.Yield();
            // Mostly anomalous with runs of normal clips, so that the alert may escalate, clear and reopen mid-race.
            byte[] wav = i % 5 is 3 or 4 ? TestAudio.NormalWav(i) : TestAudio.AnomalousWav(i);
            using var response = await AuscultApp.PostClipAsync(admin, "fan-01", wav, clipId: $"race-{i}");
            return response.StatusCode;
        }).ToList();
        var acknowledge = Task.Run(async () =>
        {
            using var response = await admin.PostAsync($"/api/v1/alerts/{alertId}/acknowledge", null);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(posts);
        var acknowledged = await acknowledge;

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(acknowledged is HttpStatusCode.OK or HttpStatusCode.Conflict, $"acknowledge answered {acknowledged}"); // 409: the machine cleared first
        var stored = await app.Services.GetRequiredService<MachineAlertService>().StateAsync("fan-01");
        var observed = recorder.Observed;
        Assert.Equal(Clips + 2, observed.Count);
        Assert.Equal(Clips + 2, observed.Select(o => o.Clip.ClipId).Distinct().Count());
        int operations = Clips + 2 + (acknowledged == HttpStatusCode.OK ? 1 : 0);
        Assert.Equal(operations, stored.Version);

        // The versions the clips read leave one gap: where the acknowledge went (read that version).
        var byVersion = observed.ToDictionary(o => o.ReadVersion);
        var engine = new AlertEngine(AlertPolicy.Default, app.Clock);
        var replay = MachineAlertState.Create("fan-01");
        for (long version = 0; version < operations; version++)
        {
            replay = byVersion.TryGetValue(version, out var clip)
                ? engine.Observe(replay, EngineAlertRules.ObservationOf(clip.Clip)).State
                : engine.Acknowledge(replay, replay.MachineAlert!.Id, "replay").State;
        }

        Assert.Equal(Normalise(AlertJson.Serialize(replay)), Normalise(AlertJson.Serialize(stored)));

        // Each score keeps its place in that order (scores.machine_seq), so the order can be replayed from the database alone.
        var inSeqOrder = await app.Services.GetRequiredService<AuscultDatabase>().WithConnectionAsync(async c =>
            (await Dapper.SqlMapper.QueryAsync<(string ClipId, long Seq)>(c,
                "SELECT clip_id, machine_seq FROM scores WHERE machine_id = 'fan-01' ORDER BY machine_seq")).ToList(), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, Clips + 2).Select(i => (long)i), inSeqOrder.Select(s => s.Seq));
        Assert.Equal(observed.OrderBy(o => o.ReadVersion).Select(o => o.Clip.ClipId), inSeqOrder.Select(s => s.ClipId));

        // The rows agree with the replay: the alert it ends with open, or none when the race ended on clips that cleared it.
        var rows = await app.Services.GetRequiredService<AlertStore>().ListAsync(machineId: "fan-01");
        var open = rows.Where(r => r.ClosedAt is null).ToList();
        if (replay.MachineAlert is { State: not AlertState.Closed } last)
        {
            var row = Assert.Single(open);
            Assert.Equal((last.State, last.ClipCount, last.Severity), (row.State, row.ClipCount, row.Severity));
        }
        else
        {
            Assert.Empty(open);
        }
    }

    // Alert and event ids are the engine's fresh UUIDs, different in the replay; clip ids are the service's, shared; the
    // actor of the acknowledge is the key's id here and "replay" there.
    private static string Normalise(string json)
    {
        var names = new Dictionary<string, string>();
        json = Ids().Replace(json, m => m.Groups[1].Value + (names.TryGetValue(m.Groups[2].Value, out string? name)
            ? name
            : names[m.Groups[2].Value] = $"id{names.Count}") + "\"");
        return Actor().Replace(json, "\"actor\":\"operator\"");
    }

    [GeneratedRegex("(\"(?:id|alertId)\":\")([0-9a-f-]{36})\"")]
    private static partial Regex Ids();

    [GeneratedRegex("\"actor\":\"(?:key_[^\"]*|replay)\"")]
    private static partial Regex Actor();

    /// <summary>The default rules, recording each clip with the state version it read (they run one at a time per machine).</summary>
    private sealed class RecordingRules : IClipScoredHandler
    {
        private readonly List<(ScoredClip Clip, long ReadVersion)> _observed = [];
        private EngineAlertRules? _inner;

        public IReadOnlyList<(ScoredClip Clip, long ReadVersion)> Observed
        {
            get
            {
                lock (_observed)
                {
                    return [.. _observed];
                }
            }
        }

        public void Register(IServiceCollection services) => services.AddSingleton<IClipScoredHandler>(sp =>
        {
            _inner = new EngineAlertRules(sp.GetRequiredService<AlertEngine>());
            return this;
        });

        public async Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken)
        {
            var (state, _) = await alerts.LoadEngineStateAsync();
            string? alertId = await _inner!.OnScoredAsync(clip, alerts, cancellationToken);
            lock (_observed)
            {
                _observed.Add((clip, state.Version));
            }

            return alertId;
        }
    }
}
