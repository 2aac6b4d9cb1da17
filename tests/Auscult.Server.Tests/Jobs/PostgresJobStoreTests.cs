using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Jobs;

/// <summary>The jobs table's contract on a real PostgreSQL when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresJobStoreTests : PostgresDatabaseTests
{

    [PostgresFact]
    public Task AMachineType_HasOneActiveJobAtATime() => JobStoreContract.AMachineType_HasOneActiveJobAtATime(Database);

    [PostgresFact]
    public Task AJob_IsClaimedByOneInstanceOnly() => JobStoreContract.AJob_IsClaimedByOneInstanceOnly(Database);

    [PostgresFact]
    public Task TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel() => JobStoreContract.TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel(Database);

    [PostgresFact]
    public Task AQueuedJob_IsCancelledAtOnce_AndNeverClaimed() => JobStoreContract.AQueuedJob_IsCancelledAtOnce_AndNeverClaimed(Database);

    [PostgresFact]
    public Task AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver() =>
        JobStoreContract.AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver(Database);

    [PostgresFact]
    public Task ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce() => JobStoreContract.ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce(Database);
}
