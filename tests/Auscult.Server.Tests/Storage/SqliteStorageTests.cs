using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The storage contract on SQLite (a file in a private data folder, WAL mode).</summary>
public sealed class SqliteStorageTests : SqliteDatabaseTests
{

    [Fact]
    public Task Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing() => StorageContract.Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing(Database);

    [Fact]
    public Task Machines_UpsertGetList() => StorageContract.Machines_UpsertGetList(Database);

    [Fact]
    public Task Clips_AreStoredOncePerMachineAndClientId_WithTheirScores() => StorageContract.Clips_AreStoredOncePerMachineAndClientId_WithTheirScores(Database);

    [Fact]
    public Task Scores_ReadByTimeWindow_AndNewestFirst() => StorageContract.Scores_ReadByTimeWindow_AndNewestFirst(Database);

    [Fact]
    public Task Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes() => StorageContract.Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes(Database);

    [Fact]
    public Task Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen() => StorageContract.Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen(Database);

    [Fact]
    public Task Keys_AreStoredHashed_VerifiedAndRevoked() => StorageContract.Keys_AreStoredHashed_VerifiedAndRevoked(Database);

    [Fact]
    public Task TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether() => StorageContract.TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether(Database);

    [Fact]
    public Task Labels_ALaterDecisionReplacesTheEarlierOne() => StorageContract.Labels_ALaterDecisionReplacesTheEarlierOne(Database);

    [Fact]
    public Task ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime() =>
        StorageContract.ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime(Database);
}
