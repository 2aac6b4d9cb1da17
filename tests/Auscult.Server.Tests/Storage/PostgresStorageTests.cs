using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The storage contract on a real PostgreSQL (a database of its own per test), when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresStorageTests : PostgresDatabaseTests
{

    [PostgresFact]
    public Task Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing() => StorageContract.Migrate_ReachesTheLatestVersion_AndASecondRunAppliesNothing(Database);

    [PostgresFact]
    public Task Machines_UpsertGetList() => StorageContract.Machines_UpsertGetList(Database);

    [PostgresFact]
    public Task Clips_AreStoredOncePerMachineAndClientId_WithTheirScores() => StorageContract.Clips_AreStoredOncePerMachineAndClientId_WithTheirScores(Database);

    [PostgresFact]
    public Task Scores_ReadByTimeWindow_AndNewestFirst() => StorageContract.Scores_ReadByTimeWindow_AndNewestFirst(Database);

    [PostgresFact]
    public Task Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes() => StorageContract.Models_AddOnce_AndTheMachinesOwnActivationWinsOverItsTypes(Database);

    [PostgresFact]
    public Task Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen() => StorageContract.Alerts_OneOpenPerMachineAndKind_EveryChangeRecordedWithWhoAndWhen(Database);

    [PostgresFact]
    public Task Keys_AreStoredHashed_VerifiedAndRevoked() => StorageContract.Keys_AreStoredHashed_VerifiedAndRevoked(Database);

    [PostgresFact]
    public Task TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether() => StorageContract.TheFirstAdminKey_IsMadeOnlyOnce_EvenWhenInstancesStartTogether(Database);

    [PostgresFact]
    public Task Labels_ALaterDecisionReplacesTheEarlierOne() => StorageContract.Labels_ALaterDecisionReplacesTheEarlierOne(Database);

    [PostgresFact]
    public Task ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime() =>
        StorageContract.ConcurrentClipsOfOneMachine_AreEachStored_AndJudgedOneAtATime(Database);
}
