using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>The jobs table's contract on a real PostgreSQL when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresJobStoreTests : IAsyncLifetime
{
    private readonly Auscult.Tests.TestSupport.TempFolder _folder = new();
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
    public Task AMachineType_HasOneActiveJobAtATime() => JobStoreContract.AMachineType_HasOneActiveJobAtATime(_database);

    [PostgresFact]
    public Task AJob_IsClaimedByOneInstanceOnly() => JobStoreContract.AJob_IsClaimedByOneInstanceOnly(_database);

    [PostgresFact]
    public Task TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel() => JobStoreContract.TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel(_database);

    [PostgresFact]
    public Task AQueuedJob_IsCancelledAtOnce_AndNeverClaimed() => JobStoreContract.AQueuedJob_IsCancelledAtOnce_AndNeverClaimed(_database);

    [PostgresFact]
    public Task AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver() =>
        JobStoreContract.AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver(_database);

    [PostgresFact]
    public Task ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce() => JobStoreContract.ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce(_database);
}
