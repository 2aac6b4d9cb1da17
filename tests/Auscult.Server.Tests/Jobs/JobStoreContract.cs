using Auscult.Server.Jobs;
using Auscult.Server.Storage;

namespace Auscult.Server.Tests.Jobs;

/// <summary>
/// The jobs table on a real database, written once; <see cref="SqliteJobStoreTests"/> and <see cref="PostgresJobStoreTests"/>
/// run each on a fresh, migrated database.
/// </summary>
internal static class JobStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static async Task AMachineType_HasOneActiveJobAtATime(AuscultDatabase database)
    {
        var jobs = new JobStore(database);

        var (first, created) = await jobs.CreateAsync("job-1", JobKind.RetrainAutoencoder, "fan", "user:ada", T0);
        var (again, createdAgain) = await jobs.CreateAsync("job-2", JobKind.TrainClassifier, "fan", "user:bob", T0.AddSeconds(1));
        var (pump, createdPump) = await jobs.CreateAsync("job-3", JobKind.FirstAutoencoder, "pump", "user:ada", T0.AddSeconds(2));

        Assert.True(created);
        Assert.Equal((JobState.Queued, JobKind.RetrainAutoencoder, "user:ada", T0), (first.State, first.Kind, first.RequestedBy, first.CreatedAt));
        Assert.False(createdAgain);
        Assert.Equal("job-1", again.Id);
        Assert.True(createdPump);
        Assert.Null(await jobs.GetAsync("job-2"));

        // Once it has ended, the type may have a new one.
        var claimed = await jobs.TryClaimAsync("instance-a", T0.AddSeconds(3), Lease);
        Assert.Equal("job-1", claimed!.Id);
        Assert.True(await jobs.FinishAsync("job-1", "instance-a", JobState.Failed, T0.AddSeconds(4), error: "no clips"));
        var (next, createdNext) = await jobs.CreateAsync("job-4", JobKind.TrainClassifier, "fan", "user:bob", T0.AddSeconds(5));
        Assert.True(createdNext);
        Assert.Equal("job-4", next.Id);
        Assert.Equal(["job-4", "job-3", "job-1"], (await jobs.ListAsync()).Select(j => j.Id));
    }

    public static async Task AJob_IsClaimedByOneInstanceOnly(AuscultDatabase database)
    {
        var jobs = new JobStore(database);
        await jobs.CreateAsync("job-1", JobKind.RetrainAutoencoder, "fan", "user:ada", T0);

        // Several instances at once: exactly one gets the job.
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => jobs.TryClaimAsync($"instance-{i}", T0.AddSeconds(1), Lease))));

        var winner = Assert.Single(claims, c => c is not null)!;
        Assert.Equal((JobState.Running, T0.AddSeconds(1), T0.AddSeconds(1) + Lease), (winner.State, winner.StartedAt, winner.LeaseExpiresAt));
        Assert.Equal(winner.Holder, (await jobs.GetAsync("job-1"))!.Holder);
        Assert.Null(await jobs.TryClaimAsync("instance-9", T0.AddSeconds(2), Lease));
    }

    public static async Task TheHolder_WritesProgress_RenewsItsLease_AndHearsACancel(AuscultDatabase database)
    {
        var jobs = new JobStore(database);
        await jobs.CreateAsync("job-1", JobKind.RetrainAutoencoder, "fan", "user:ada", T0);
        await jobs.TryClaimAsync("instance-a", T0, Lease);

        bool? first = await jobs.HeartbeatAsync("job-1", "instance-a", new JobProgress("features", 3, 10), T0.AddMinutes(1), Lease);
        bool? stranger = await jobs.HeartbeatAsync("job-1", "instance-b", new JobProgress("features", 9, 10), T0.AddMinutes(1), Lease);
        var running = await jobs.RequestCancelAsync("job-1", T0.AddMinutes(1));
        bool? afterCancel = await jobs.HeartbeatAsync("job-1", "instance-a", new JobProgress("training", 1, 40), T0.AddMinutes(2), Lease);

        Assert.False(first);
        Assert.Null(stranger);
        Assert.Equal((JobState.Running, true), (running!.State, running.CancelRequested));
        Assert.True(afterCancel);
        var job = await jobs.GetAsync("job-1");
        Assert.Equal(new JobProgress("training", 1, 40), job!.Progress);
        Assert.Equal(T0.AddMinutes(2) + Lease, job.LeaseExpiresAt);
        Assert.False(await jobs.FinishAsync("job-1", "instance-b", JobState.Succeeded, T0.AddMinutes(3)));
        Assert.True(await jobs.FinishAsync("job-1", "instance-a", JobState.Cancelled, T0.AddMinutes(3), error: "Cancelled on request."));
        Assert.Equal((JobState.Cancelled, T0.AddMinutes(3)), ((await jobs.GetAsync("job-1"))!.State, (await jobs.GetAsync("job-1"))!.FinishedAt));
    }

    public static async Task AQueuedJob_IsCancelledAtOnce_AndNeverClaimed(AuscultDatabase database)
    {
        var jobs = new JobStore(database);
        await jobs.CreateAsync("job-1", JobKind.TrainClassifier, "fan", "user:ada", T0);

        var cancelled = await jobs.RequestCancelAsync("job-1", T0.AddSeconds(5));

        Assert.Equal((JobState.Cancelled, T0.AddSeconds(5)), (cancelled!.State, cancelled.FinishedAt));
        Assert.Null(await jobs.TryClaimAsync("instance-a", T0.AddSeconds(6), Lease));
        Assert.Null(await jobs.RequestCancelAsync("no-such-job", T0));
    }

    public static async Task AJobWhoseInstanceDied_IsMarkedFailedWhenItsLeaseExpires_NotTakenOver(AuscultDatabase database)
    {
        var jobs = new JobStore(database);
        await jobs.CreateAsync("job-1", JobKind.RetrainAutoencoder, "fan", "user:ada", T0);
        await jobs.CreateAsync("job-2", JobKind.RetrainAutoencoder, "pump", "user:ada", T0.AddSeconds(1));
        await jobs.TryClaimAsync("instance-dead", T0, Lease);
        await jobs.TryClaimAsync("instance-alive", T0.AddSeconds(1), Lease);
        await jobs.HeartbeatAsync("job-2", "instance-alive", new JobProgress("training", 5, 40), T0.AddMinutes(2), Lease);

        Assert.Equal(0, await jobs.ExpireAsync(T0 + Lease - TimeSpan.FromMilliseconds(1)));
        int expired = await jobs.ExpireAsync(T0 + Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(1, expired);
        var dead = await jobs.GetAsync("job-1");
        Assert.Equal(JobState.Failed, dead!.State);
        Assert.Contains("instance-dead", dead.Error, StringComparison.Ordinal);
        Assert.Contains("start it again", dead.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, (await jobs.GetAsync("job-2"))!.State);
        Assert.Null(await jobs.TryClaimAsync("instance-alive", T0.AddMinutes(3), Lease));
        // The dead instance, come back, cannot write into the job any more.
        Assert.Null(await jobs.HeartbeatAsync("job-1", "instance-dead", new JobProgress("training", 9, 40), T0.AddMinutes(3), Lease));
        Assert.False(await jobs.FinishAsync("job-1", "instance-dead", JobState.Succeeded, T0.AddMinutes(3)));
    }

    public static async Task ASucceededJob_KeepsItsEvaluation_AndIsDecidedOnce(AuscultDatabase database)
    {
        var jobs = new JobStore(database);
        await jobs.CreateAsync("job-1", JobKind.RetrainAutoencoder, "fan", "user:ada", T0);
        await jobs.TryClaimAsync("instance-a", T0, Lease);
        var evaluation = new JobEvaluation(10, 2, new ModelFigures("b".PadRight(64, 'b'), "autoencoder", 0.9, null, 1.5, 1, 0.5, 2.0 / 3, 0, 1, 0),
            new ModelFigures("a".PadRight(64, 'a'), "autoencoder", 0.75, 0.6, 1.2, 0.5, 0.5, 0.5, 1, 1, 1), null);

        Assert.False(await jobs.DecideAsync("job-1", JobDecision.Promoted, "user:ada", T0.AddMinutes(1)));
        Assert.True(await jobs.FinishAsync("job-1", "instance-a", JobState.Succeeded, T0.AddMinutes(1), resultModelId: "model-1", evaluation: evaluation));
        Assert.True(await jobs.DecideAsync("job-1", JobDecision.Discarded, "user:bob", T0.AddMinutes(2)));
        Assert.False(await jobs.DecideAsync("job-1", JobDecision.Promoted, "user:ada", T0.AddMinutes(3)));

        var job = await jobs.GetAsync("job-1");
        Assert.Equal(evaluation, job!.Evaluation);
        Assert.Equal(("model-1", JobDecision.Discarded, "user:bob", T0.AddMinutes(2)), (job.ResultModelId, job.Decision, job.DecidedBy, job.DecidedAt));
    }
}
