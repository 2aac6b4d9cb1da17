using Auscult.Server.Clips;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary><see cref="StoredClipCounts"/> (what <c>auscult loadgen --check</c> reads) on SQLite, and on PostgreSQL when AUSCULT_TEST_POSTGRES is set.</summary>
public sealed class StoredClipCountsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Read_OnSqlite_CountsClipsAndScoresPerClientClipId_WithTheScoringInstance_OfTheMachinesAskedFor()
    {
        await using var database = AuscultDatabase.Open(_folder.Path, null);
        await database.MigrateAsync(TimeProvider.System);
        try
        {
            await CountsEachClientClipIdAsync(database);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [PostgresFact]
    public async Task Read_OnPostgres_CountsClipsAndScoresPerClientClipId_WithTheScoringInstance_OfTheMachinesAskedFor()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var database = AuscultDatabase.Open(_folder.Path, server.ConnectionString);
        await database.MigrateAsync(TimeProvider.System);
        await CountsEachClientClipIdAsync(database);
    }

    private static async Task CountsEachClientClipIdAsync(AuscultDatabase database)
    {
        var machines = new MachineStore(database);
        await machines.UpsertAsync("fan-01", new MachineRegistration("fan"), T0);
        await machines.UpsertAsync("fan-02", new MachineRegistration("fan"), T0);
        await StoreAsync(database, "c1", "fan-01", "k1", scores: 1, instance: "scorer-b");
        await StoreAsync(database, "c2", "fan-01", "k2", scores: 2);
        await StoreAsync(database, "c3", "fan-01", "k3", scores: 0);
        await StoreAsync(database, "c4", "fan-02", "k4", scores: 1);

        var counts = await new StoredClipCounts(database).ReadAsync(["fan-01", "fan-01", "nope"]);

        Assert.Equal(
            [("k1", 1, 1, (DateTimeOffset?)T0, "scorer-b"), ("k2", 1, 2, T0, "scorer-a"), ("k3", 1, 0, null, null)],
            counts.Select(c => (c.ClientClipId, c.Clips, c.Scores, c.FirstScoredAt, c.ScoredBy)).OrderBy(c => c.ClientClipId, StringComparer.Ordinal));
        Assert.All(counts, c => Assert.Equal("fan-01", c.MachineId));
    }

    private static Task<int> StoreAsync(AuscultDatabase database, string id, string machineId, string clientId, int scores, string instance = "scorer-a") =>
        database.InTransactionAsync(async (c, t) =>
        {
            await ClipStore.InsertAsync(c, t, new NewClip(id, machineId, clientId, "key_dev", T0, T0, "PCM 16-bit", 16000, 1, TimeSpan.FromSeconds(10), 320_044,
                new string('a', 64), new ClipHealth(true, 16000, 10, 1, -20.5, -3, 0, 0, 0, 0, []), FileStore.AudioPathOf(id, T0)));
            for (int s = 0; s < scores; s++)
            {
                await ClipStore.InsertScoreAsync(c, t, new NewScore($"{id}-s{s}", id, machineId, null, T0, T0.AddMinutes(s), null, null, Verdict.NoModel, null, null)
                {
                    // A second score (a duplicate) comes from another instance: the count names the first by name.
                    InstanceId = s == 0 ? instance : "scorer-z",
                });
            }

            return 0;
        });
}
