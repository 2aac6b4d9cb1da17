using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The storage contract on a real PostgreSQL (a database of its own per test), when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresStorageTests : IAsyncLifetime
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
    public Task Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing() => StorageContract.Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing(_database);

    [PostgresFact]
    public Task Machines_UpsertGetList() => StorageContract.Machines_UpsertGetList(_database);

    [PostgresFact]
    public Task Clips_AreStoredOncePerMachineAndClientId_WithTheirScores() => StorageContract.Clips_AreStoredOncePerMachineAndClientId_WithTheirScores(_database);

    [PostgresFact]
    public Task Scores_ReadByTimeWindow_AndNewestFirst() => StorageContract.Scores_ReadByTimeWindow_AndNewestFirst(_database);

    [PostgresFact]
    public Task Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes() => StorageContract.Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes(_database);

    [PostgresFact]
    public Task Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen() => StorageContract.Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen(_database);

    [PostgresFact]
    public Task Keys_AreStoredHashed_VerifiedAndRevoked() => StorageContract.Keys_AreStoredHashed_VerifiedAndRevoked(_database);

    [PostgresFact]
    public Task TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether() => StorageContract.TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether(_database);

    [PostgresFact]
    public Task Labels_ALaterDecisionReplacesTheEarlierOne() => StorageContract.Labels_ALaterDecisionReplacesTheEarlierOne(_database);

    [PostgresFact]
    public Task ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime() =>
        StorageContract.ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime(_database);
}
