using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Retention;

/// <summary>The retention contract on SQLite.</summary>
public sealed class SqliteRetentionTests : IAsyncLifetime
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
    public Task Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse() => RetentionContract.Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse(_database);

    [Fact]
    public Task ASecondRun_FindsNothingToDo() => RetentionContract.ASecondRun_FindsNothingToDo(_database);

    [Fact]
    public Task TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike() =>
        RetentionContract.TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike(_database);

    [Fact]
    public Task OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires() => RetentionContract.OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires(_database);

    [Fact]
    public Task AClipLabelledAfterItWasRead_IsNotDeleted() => RetentionContract.AClipLabelledAfterItWasRead_IsNotDeleted(_database);

    [Fact]
    public Task SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince() =>
        RetentionContract.SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince(_database);
}
