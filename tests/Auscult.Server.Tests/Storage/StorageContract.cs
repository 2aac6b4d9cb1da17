using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Tests.Storage;

/// <summary>
/// What every database must do, written once; <see cref="SqliteStorageTests"/> and <see cref="PostgresStorageTests"/>
/// run each on a fresh, migrated database.
/// </summary>
internal static class StorageContract
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static async Task Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing(AuscultDatabase database)
    {
        var again = await database.MigrateAsync(TimeProvider.System);

        Assert.Empty(again);
        await using var connection = await database.OpenAsync();
        Assert.Equal(Migrator.LatestVersion, await Migrator.CurrentVersionAsync(connection));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = 1"));
    }

    public static async Task Machines_UpsertGetList(AuscultDatabase database)
    {
        var store = new MachineStore(database);

        var (created, isNew) = await store.UpsertAsync("fan-01", new MachineRegistration("fan", "Fan 1", "hall-a", ["roof"], new MachineOptions { Threshold = 3 }), T0);
        var (updated, isNewAgain) = await store.UpsertAsync("fan-01", new MachineRegistration("fan", "Fan one"), T0.AddMinutes(1));
        await store.UpsertAsync("pump-01", new MachineRegistration("pump", Site: "hall-b"), T0);

        Assert.True(isNew);
        Assert.False(isNewAgain);
        Assert.Equal(["roof"], created.Tags);
        Assert.Equal(3, created.Options.Threshold);
        Assert.Equal("Fan one", updated.Name);
        Assert.Equal(T0, updated.CreatedAt);
        Assert.Equal(T0.AddMinutes(1), updated.UpdatedAt);
        Assert.Equal(["fan-01", "pump-01"], (await store.ListAsync()).Select(m => m.Id));
        Assert.Equal("pump-01", (await store.ListAsync(site: "hall-b")).Single().Id);
        Assert.Equal("fan-01", (await store.ListAsync(machineType: "fan")).Single().Id);
        Assert.Null(await store.GetAsync("nope"));
    }

    public static async Task Clips_AreStoredOncePerMachineAndClientId_WithTheirScores(AuscultDatabase database)
    {
        await new MachineStore(database).UpsertAsync("fan-01", new MachineRegistration("fan"), T0);
        var clip = NewClip("c1", "client-1", T0);

        bool first = await database.InTransactionAsync((c, t) => ClipStore.InsertAsync(c, t, clip));
        bool second = await database.InTransactionAsync((c, t) => ClipStore.InsertAsync(c, t, clip with { Id = "c2" }));
        await database.InTransactionAsync(async (c, t) =>
        {
            await ClipStore.InsertScoreAsync(c, t, new NewScore("s1", "c1", "fan-01", null, T0, T0, null, null, Verdict.NoModel, null, null));
            return 0;
        });

        Assert.True(first);
        Assert.False(second);
        var store = new ClipStore(database);
        Assert.Equal(1, await store.CountAsync());
        var result = await store.FindResultAsync("fan-01", "client-1");
        Assert.Equal("c1", result!.ClipId);
        Assert.Equal(Verdict.NoModel, result.Verdict);
        Assert.Equal(-20.5, result.Health.RmsDbfs);
        var record = await store.GetAsync("c1");
        Assert.Equal(10.0, record!.DurationSeconds);
        Assert.Equal("audio/2026/12/01/c1.wav", (await store.AudioOfAsync("c1"))!.Value.AudioPath);
    }

    public static async Task Scores_ReadByTimeWindow_AndNewestFirst(AuscultDatabase database)
    {
        await new MachineStore(database).UpsertAsync("fan-01", new MachineRegistration("fan"), T0);
        await database.InTransactionAsync(async (c, t) =>
        {
            for (int i = 0; i < 5; i++)
            {
                var at = T0.AddMinutes(5 * i);
                await ClipStore.InsertAsync(c, t, NewClip($"c{i}", $"k{i}", at));
                await ClipStore.InsertScoreAsync(c, t, new NewScore($"s{i}", $"c{i}", "fan-01", null, at, at, i, 2.5,
                    i > 2 ? Verdict.Anomalous : Verdict.Normal, null, null));
            }

            return 0;
        });
        var store = new ClipStore(database);

        var window = await store.ScoresAsync("fan-01", T0.AddMinutes(5), T0.AddMinutes(15), 100);
        var recent = await store.RecentAsync("fan-01", 2);

        Assert.Equal(["c1", "c2"], window.Select(s => s.ClipId));
        Assert.Equal(["c4", "c3"], recent.Select(s => s.ClipId));
        Assert.Equal(Verdict.Anomalous, recent[0].Verdict);
        Assert.Equal(4.0, recent[0].Score);
    }

    public static async Task Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes(AuscultDatabase database)
    {
        var store = new ModelStore(database);
        var a = NewModel("aaaa");
        var b = NewModel("bbbb");

        var (_, createdA) = await store.AddAsync(a, "{\"x\":1}");
        var (_, createdAgain) = await store.AddAsync(a, "{\"x\":1}");
        await store.AddAsync(b, "{}");
        var none = await store.ActiveForAsync("fan-01", "fan");
        await store.ActivateAsync("aaaa", null, "fan", "key_1", T0);
        var byType = await store.ActiveForAsync("fan-01", "fan");
        await store.ActivateAsync("bbbb", "fan-01", null, "key_1", T0.AddMinutes(1));
        await store.ActivateAsync("aaaa", null, "fan", "key_2", T0.AddMinutes(2));

        Assert.True(createdA);
        Assert.False(createdAgain);
        Assert.Null(none);
        Assert.Equal("aaaa", byType!.Id);
        Assert.Equal("bbbb", (await store.ActiveForAsync("fan-01", "fan"))!.Id);
        Assert.Equal("aaaa", (await store.ActiveForAsync("fan-02", "fan"))!.Id);
        Assert.Equal(0.25, (await store.GetAsync("aaaa"))!.Metrics.GetProperty("auc").GetDouble());
        Assert.Equal("{\"x\":1}", await store.GetManifestAsync("aaaa"));
        Assert.Equal(3, (await store.ActivationsAsync()).Count);
        Assert.True(await store.AnyActiveAsync());
    }

    public static async Task Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen(AuscultDatabase database)
    {
        await new MachineStore(database).UpsertAsync("fan-01", new MachineRegistration("fan"), T0);
        await database.InTransactionAsync((c, t) => ClipStore.InsertAsync(c, t, NewClip("c1", "k1", T0)));
        await database.InTransactionAsync((c, t) => ClipStore.InsertAsync(c, t, NewClip("c2", "k2", T0)));
        string id = await database.InTransactionAsync((c, t) =>
            AlertStore.OpenAsync(c, t, "fan-01", "anomaly", AlertSeverity.Warning, "c1", 5.0, "system", null, T0));
        await database.InTransactionAsync(async (c, t) =>
        {
            await AlertStore.AttachClipAsync(c, t, id, "c2", 7.5, AlertSeverity.Alarm, T0.AddMinutes(5));
            return 0;
        });
        var store = new AlertStore(database);

        // A second open alert of the same kind for the same machine is refused by the database itself.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => database.InTransactionAsync((c, t) =>
            AlertStore.OpenAsync(c, t, "fan-01", "anomaly", AlertSeverity.Warning, null, null, "system", null, T0)));
        await store.TransitionAsync(id, AlertState.Acknowledged, "key_op", "on it", T0.AddMinutes(6));
        var conflict = await Assert.ThrowsAsync<ProblemException>(() => store.TransitionAsync(id, AlertState.Open, "key_op", null, T0.AddMinutes(7)));
        await store.TransitionAsync(id, AlertState.Confirmed, "key_op", "bearing", T0.AddMinutes(8), confirmedKind: "bearing");
        var closed = await store.TransitionAsync(id, AlertState.Closed, "system", null, T0.AddMinutes(9));
        // Once closed, the machine may have a new alert of that kind.
        string next = await database.InTransactionAsync((c, t) =>
            AlertStore.OpenAsync(c, t, "fan-01", "anomaly", AlertSeverity.Warning, null, null, "system", null, T0.AddMinutes(10)));

        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal(AlertState.Closed, closed.State);
        Assert.Equal(T0.AddMinutes(9), closed.ClosedAt);
        Assert.Equal(AlertSeverity.Alarm, closed.Severity);
        Assert.Equal(2, closed.ClipCount);
        Assert.Equal(7.5, closed.PeakScore);
        Assert.Equal("bearing", closed.ConfirmedKind);
        Assert.Equal(["c1", "c2"], await store.ClipsAsync(id));
        var events = await store.EventsAsync(id);
        Assert.Equal([null, AlertState.Open, AlertState.Acknowledged, AlertState.Confirmed], events.Select(e => e.From));
        Assert.Equal([AlertState.Open, AlertState.Acknowledged, AlertState.Confirmed, AlertState.Closed], events.Select(e => e.To));
        Assert.Equal(["system", "key_op", "key_op", "system"], events.Select(e => e.Actor));
        Assert.Equal(T0.AddMinutes(6), events[1].At);
        Assert.NotEqual(id, next);
        Assert.Equal([next], (await store.ListAsync(AlertState.Open)).Select(a => a.Id));
        Assert.Equal(2, (await store.ListAsync(machineId: "fan-01")).Count);
        var labels = await new LabelStore(database).ListAsync("fan-01");
        Assert.Equal(["c1", "c2"], labels.Select(l => l.ClipId).Order());
        Assert.All(labels, l => Assert.Equal(("anomalous", "bearing", "key_op"), (l.Label, l.Kind, l.CreatedBy)));
    }

    public static async Task Labels_ALaterDecisionReplacesTheEarlierOne(AuscultDatabase database)
    {
        await new MachineStore(database).UpsertAsync("fan-01", new MachineRegistration("fan"), T0);
        await database.InTransactionAsync((c, t) => ClipStore.InsertAsync(c, t, NewClip("c1", "k1", T0)));
        string first = await database.InTransactionAsync((c, t) =>
            AlertStore.OpenAsync(c, t, "fan-01", "anomaly", AlertSeverity.Warning, "c1", 5.0, "system", null, T0));
        var alerts = new AlertStore(database);
        await alerts.TransitionAsync(first, AlertState.Rejected, "key_a", null, T0.AddMinutes(1));
        await alerts.TransitionAsync(first, AlertState.Closed, "system", null, T0.AddMinutes(2));
        string second = await database.InTransactionAsync((c, t) =>
            AlertStore.OpenAsync(c, t, "fan-01", "anomaly", AlertSeverity.Warning, "c1", 5.0, "system", null, T0.AddMinutes(3)));

        await alerts.TransitionAsync(second, AlertState.Confirmed, "key_b", null, T0.AddMinutes(4), confirmedKind: "unbalance");

        var label = (await new LabelStore(database).ListAsync()).Single();
        Assert.Equal(("anomalous", "unbalance", "alert-confirmed", second, "key_b", T0.AddMinutes(4)),
            (label.Label, label.Kind, label.Source, label.AlertId, label.CreatedBy, label.CreatedAt));
    }

    public static async Task Keys_AreStoredHashed_VerifiedAndRevoked(AuscultDatabase database)
    {
        var store = new KeyStore(database);

        var (device, deviceKey) = await store.CreateAsync(ApiRole.Device, ["fan-01", "fan-02"], "edge box", T0);
        var (admin, adminKey) = await store.CreateAsync(ApiRole.Admin, null, null, T0);
        bool revoked = await store.RevokeAsync(device.Id, T0.AddHours(1));

        Assert.Equal(["fan-01", "fan-02"], (await store.ListAsync()).First(k => k.Id == device.Id).Machines);
        Assert.True(revoked);
        Assert.False(await store.RevokeAsync("key_none", T0));
        Assert.Null(await store.VerifyAsync(deviceKey));
        Assert.Equal(admin.Id, (await store.VerifyAsync(adminKey))!.Id);
        Assert.Null(await store.VerifyAsync(adminKey[..^1] + (adminKey[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal(T0.AddHours(1), (await store.ListAsync()).First(k => k.Id == device.Id).RevokedAt);
        Assert.StartsWith(admin.Prefix, adminKey, StringComparison.Ordinal);
        await using var connection = await database.OpenAsync();
        var hashes = await connection.QueryAsync<string>("SELECT key_hash FROM api_keys");
        Assert.DoesNotContain(adminKey, hashes);
        Assert.Contains(ApiKeys.Hash(adminKey), hashes);
        await Assert.ThrowsAsync<ConfigurationException>(() => store.CreateAsync(ApiRole.Device, null, null, T0));
        await Assert.ThrowsAsync<ConfigurationException>(() => store.CreateAsync(ApiRole.Operator, ["fan-01"], null, T0));
    }

    public static async Task TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether(AuscultDatabase database)
    {
        var store = new KeyStore(database);

        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.CreateFirstAdminAsync(T0)));

        Assert.Single(keys, k => k is not null);
        Assert.Equal(ApiRole.Admin, (await store.ListAsync()).Single().Role);
    }

    /// <summary>A rule that puts every clip of a machine into one alert: racing clips must see each other's effects.</summary>
    private sealed class EveryClipJoinsOneAlert : IClipScoredHandler
    {
        public async Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken)
        {
            var open = (await alerts.NotClosedAsync()).FirstOrDefault();
            if (open is null)
            {
                return await alerts.OpenAsync("anomaly", AlertSeverity.Warning, clip.ClipId, clip.Score);
            }

            await alerts.AttachClipAsync(open.Id, clip.ClipId, clip.Score);
            return open.Id;
        }
    }

    public static async Task ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        using var detectors = new DetectorCache(files);
        var ingestion = new ClipIngestion(database, files, new ModelStore(database), detectors, new EveryClipJoinsOneAlert(), TimeProvider.System);
        byte[] wav = TestSupport.TestAudio.NormalWav(1);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => ingestion.IngestAsync(new ClipUpload("fan-01", wav, $"clip-{i}", null, "fan", "key_dev")))));

        Assert.Equal(8, results.Select(r => r.ClipId).Distinct().Count());
        Assert.Single(results.Select(r => r.AlertId).Distinct());
        var alert = (await new AlertStore(database).ListAsync()).Single();
        Assert.Equal(8, alert.ClipCount);
        Assert.Equal(8, await new ClipStore(database).CountAsync());
    }

    private static NewClip NewClip(string id, string clientId, DateTimeOffset at) => new(id, "fan-01", clientId, "key_dev", at, at, "PCM 16-bit", 16000, 1,
        TimeSpan.FromSeconds(10), 320_044, new string('a', 64),
        new ClipHealth(true, 16000, 10, 1, -20.5, -3, 0, 0, 0, 0, []), FileStore.AudioPathOf(id, at));

    private static ModelRecord NewModel(string id)
    {
        using var metrics = System.Text.Json.JsonDocument.Parse("{\"auc\":0.25}");
        return new ModelRecord(id, "autoencoder", "fan", metrics.RootElement.Clone(), $"models/{id}.auscult", 1234, "key_1", T0);
    }
}
