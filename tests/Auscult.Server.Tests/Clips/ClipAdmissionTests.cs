using Auscult.Server.Clips;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Tests.Clips;

public sealed class ClipAdmissionTests
{
    private static ClipAdmission Admission(int concurrent, int waiting) =>
        new(Options.Create(new ServerOptions { MaxConcurrentClips = concurrent, MaxWaitingClips = waiting }));

    [Fact]
    public async Task PostsBeyondTheTurns_Wait_AndBeyondTheWaitingLimit_Are503WithRetryAfter()
    {
        using var admission = Admission(concurrent: 1, waiting: 1);
        var first = await admission.EnterAsync(CancellationToken.None);

        var second = admission.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, admission.Waiting);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => admission.EnterAsync(CancellationToken.None));
        Assert.Equal((503, TimeSpan.FromSeconds(1)), (refused.StatusCode, refused.RetryAfter));

        first.Dispose();
        first.Dispose(); // giving a turn back twice releases it once
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, admission.Waiting);
        var third = admission.EnterAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        secondTurn.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task AWaitingPostThatIsCancelled_LeavesTheQueue()
    {
        using var admission = Admission(concurrent: 1, waiting: 4);
        using var first = await admission.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = admission.EnterAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, admission.Waiting);
    }
}
