using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>The jobs table's contract on SQLite.</summary>
public sealed class SqliteJobStoreTests : SqliteDatabaseTests
{

    [Fact]
    public Task AMachineType_HasOneActiveJobAtATime() => JobStoreContract.AMachineType_HasOneActiveJobAtATime(Database);

    [Fact]
    public Task AJob_IsClaimedByOneInstanceOnly() => JobStoreContract.AJob_IsClaimedByOneInstanceOnly(Database);

    [Fact]
    public Task TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel() => JobStoreContract.TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel(Database);

    [Fact]
    public Task AQueuedJob_IsCancelledAtOnce_AndNeverClaimed() => JobStoreContract.AQueuedJob_IsCancelledAtOnce_AndNeverClaimed(Database);

    [Fact]
    public Task AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver() =>
        JobStoreContract.AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver(Database);

    [Fact]
    public Task ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce() => JobStoreContract.ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce(Database);
}
