using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Retention;

/// <summary>The retention contract on SQLite.</summary>
public sealed class SqliteRetentionTests : SqliteDatabaseTests
{

    [Fact]
    public Task Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse() => RetentionContract.Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse(Database);

    [Fact]
    public Task ASecondRun_FindsNothingToDo() => RetentionContract.ASecondRun_FindsNothingToDo(Database);

    [Fact]
    public Task TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike() =>
        RetentionContract.TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike(Database);

    [Fact]
    public Task OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires() => RetentionContract.OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires(Database);

    [Fact]
    public Task AClipLabelledAfterItWasRead_IsNotDeleted() => RetentionContract.AClipLabelledAfterItWasRead_IsNotDeleted(Database);

    [Fact]
    public Task SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince() =>
        RetentionContract.SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince(Database);
}
