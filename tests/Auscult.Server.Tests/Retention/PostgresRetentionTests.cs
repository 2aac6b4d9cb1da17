using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Retention;

/// <summary>The retention contract on a real PostgreSQL when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresRetentionTests : PostgresDatabaseTests
{

    [PostgresFact]
    public Task Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse() => RetentionContract.Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse(Database);

    [PostgresFact]
    public Task ASecondRun_FindsNothingToDo() => RetentionContract.ASecondRun_FindsNothingToDo(Database);

    [PostgresFact]
    public Task TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike() =>
        RetentionContract.TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike(Database);

    [PostgresFact]
    public Task OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires() => RetentionContract.OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires(Database);

    [PostgresFact]
    public Task AClipLabelledAfterItWasRead_IsNotDeleted() => RetentionContract.AClipLabelledAfterItWasRead_IsNotDeleted(Database);

    [PostgresFact]
    public Task SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince() =>
        RetentionContract.SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince(Database);
}
