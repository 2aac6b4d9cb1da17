using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>The jobs table's contract on SQLite.</summary>
public sealed class SqliteJobStoreTests : IAsyncLifetime
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
    public Task AMachineType_HasOneActiveJobAtATime() => JobStoreContract.AMachineType_HasOneActiveJobAtATime(_database);

    [Fact]
    public Task AJob_IsClaimedByOneInstanceOnly() => JobStoreContract.AJob_IsClaimedByOneInstanceOnly(_database);

    [Fact]
    public Task TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel() => JobStoreContract.TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel(_database);

    [Fact]
    public Task AQueuedJob_IsCancelledAtOnce_AndNeverClaimed() => JobStoreContract.AQueuedJob_IsCancelledAtOnce_AndNeverClaimed(_database);

    [Fact]
    public Task AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver() =>
        JobStoreContract.AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver(_database);

    [Fact]
    public Task ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce() => JobStoreContract.ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce(_database);
}
