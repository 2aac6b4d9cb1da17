using Auscult.Drift;
using Auscult.Features;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The drift observations table, the same on SQLite and PostgreSQL.</summary>
internal static class DriftStoreContract
{
    private static readonly DateTimeOffset T0 = StorageContract.T0;

    private static DriftReference Reference()
    {
        var accumulator = new BandStatisticsAccumulator(4);
        accumulator.Add(Frames(0));
        return new DriftReference(accumulator.ToStatistics(), ScoreDistribution.FromScores([1.0, 2.0, 3.0]), threshold: 2.5);
    }

    private static FeatureMatrix Frames(double offsetDb)
    {
        var m = new FeatureMatrix(8, 4);
        for (int r = 0; r < m.Rows; r++)
        {
            for (int b = 0; b < m.Columns; b++)
            {
                m[r, b] = (float)(-40 - b + offsetDb + (r % 3));
            }
        }

        return m;
    }

    public static async Task Observations_AreStoredOncePerClip_ListedPerModelInTimeOrder_AndPrunedBeyondTheHorizon(AuscultDatabase database)
    {
        var reference = Reference();
        DriftObservation At(int minutes, double score) => reference.Observe(T0.AddMinutes(minutes), Frames(minutes / 10.0), score, health: null);
        await database.InTransactionAsync(async (c, t) =>
        {
            await DriftStore.InsertAsync(c, t, "c2", "fan-01", "model-a", At(10, 3), T0.AddDays(-2));
            await DriftStore.InsertAsync(c, t, "c1", "fan-01", "model-a", At(5, 1), T0.AddDays(-2));
            await DriftStore.InsertAsync(c, t, "c1", "fan-01", "model-a", At(5, 9), T0.AddDays(-2)); // the same clip again: kept once
            await DriftStore.InsertAsync(c, t, "c3", "fan-01", "model-b", At(15, 2), T0.AddDays(-2));
            await DriftStore.InsertAsync(c, t, "c4", "pump-01", "model-a", At(20, 2), T0.AddDays(-2));
            return 0;
        });
        var store = new DriftStore(database);

        var listed = await store.ListAsync("fan-01", "model-a", T0);

        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(10)], listed.Select(o => o.RecordedAt));
        Assert.Equal([1.0, 3.0], listed.Select(o => o.Score));
        Assert.Equal(At(10, 3).BandMeans, listed[1].BandMeans);
        Assert.True(listed[1].IsAnomalous);
        Assert.Empty(await store.ListAsync("fan-01", "model-a", T0.AddMinutes(11)));

        // A clip two days and 6 minutes later prunes this machine's rows older than its horizon (two days: the one at 5 minutes), and no other's.
        await database.InTransactionAsync(async (c, t) =>
        {
            await DriftStore.InsertAsync(c, t, "c5", "fan-01", "model-a", At((2 * 24 * 60) + 6, 1), T0.AddMinutes(6));
            return 0;
        });
        Assert.Equal([T0.AddMinutes(10), T0.AddMinutes((2 * 24 * 60) + 6)], (await store.ListAsync("fan-01", "model-a", T0)).Select(o => o.RecordedAt));
        Assert.Single(await store.ListAsync("fan-01", "model-b", T0)); // at 15 minutes: within the horizon
        Assert.Single(await store.ListAsync("pump-01", "model-a", T0));
    }
}

public sealed class SqliteDriftStoreTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AuscultDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = AuscultDatabase.Open(_folder.Path, null);
        await _database.MigrateAsync(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public Task Observations_AreStoredOncePerClip_ListedPerModelInTimeOrder_AndPrunedBeyondTheHorizon() =>
        DriftStoreContract.Observations_AreStoredOncePerClip_ListedPerModelInTimeOrder_AndPrunedBeyondTheHorizon(_database);
}

/// <summary>The same on a real PostgreSQL, when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresDriftStoreTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private PostgresTestDatabase? _server;
    private AuscultDatabase _database = null!;

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            return;
        }

        _server = await PostgresTestDatabase.CreateAsync();
        _database = AuscultDatabase.Open(_folder.Path, _server.ConnectionString);
        await _database.MigrateAsync(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _database.DisposeAsync();
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }

    [PostgresFact]
    public Task Observations_AreStoredOncePerClip_ListedPerModelInTimeOrder_AndPrunedBeyondTheHorizon() =>
        DriftStoreContract.Observations_AreStoredOncePerClip_ListedPerModelInTimeOrder_AndPrunedBeyondTheHorizon(_database);
}
