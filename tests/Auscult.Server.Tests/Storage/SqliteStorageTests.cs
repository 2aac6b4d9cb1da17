using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The storage contract on SQLite (a file in a private data folder, WAL mode).</summary>
public sealed class SqliteStorageTests : IAsyncLifetime
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
    public Task Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing() => StorageContract.Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing(_database);

    [Fact]
    public Task Machines_UpsertGetList() => StorageContract.Machines_UpsertGetList(_database);

    [Fact]
    public Task Clips_AreStoredOncePerMachineAndClientId_WithTheirScores() => StorageContract.Clips_AreStoredOncePerMachineAndClientId_WithTheirScores(_database);

    [Fact]
    public Task Scores_ReadByTimeWindow_AndNewestFirst() => StorageContract.Scores_ReadByTimeWindow_AndNewestFirst(_database);

    [Fact]
    public Task Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes() => StorageContract.Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes(_database);

    [Fact]
    public Task Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen() => StorageContract.Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen(_database);

    [Fact]
    public Task Keys_AreStoredHashed_VerifiedAndRevoked() => StorageContract.Keys_AreStoredHashed_VerifiedAndRevoked(_database);

    [Fact]
    public Task TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether() => StorageContract.TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether(_database);

    [Fact]
    public Task Labels_ALaterDecisionReplacesTheEarlierOne() => StorageContract.Labels_ALaterDecisionReplacesTheEarlierOne(_database);

    [Fact]
    public Task ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime() =>
        StorageContract.ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime(_database);
}
