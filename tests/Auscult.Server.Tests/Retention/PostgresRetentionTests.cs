using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Retention;

/// <summary>The retention contract on a real PostgreSQL when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresRetentionTests : IAsyncLifetime
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
    public Task Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse() => RetentionContract.Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse(_database);

    [PostgresFact]
    public Task ASecondRun_FindsNothingToDo() => RetentionContract.ASecondRun_FindsNothingToDo(_database);

    [PostgresFact]
    public Task TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike() =>
        RetentionContract.TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike(_database);

    [PostgresFact]
    public Task OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires() => RetentionContract.OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires(_database);

    [PostgresFact]
    public Task AClipLabelledAfterItWasRead_IsNotDeleted() => RetentionContract.AClipLabelledAfterItWasRead_IsNotDeleted(_database);

    [PostgresFact]
    public Task SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince() =>
        RetentionContract.SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince(_database);
}
