namespace Auscult.Server.Jobs;

/// <summary>
/// Keeps a training's latest progress and signals the runner when it is worth writing: a new step, or another hundredth
/// of the step done (so a long step writes about a hundred times, whatever its size, and no clock is needed).
/// </summary>
internal sealed class JobProgressReporter : IProgress<WorkflowProgress>
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private JobProgress _latest = new(null, 0, 0);
    private int _writtenPercent = -1;

    /// <summary>The latest progress.</summary>
    public JobProgress Latest => Volatile.Read(ref _latest);

    public void Report(WorkflowProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var previous = Latest;
        int percent = value.Total > 0 ? (int)(100L * value.Done / value.Total) : 0;
        bool worth = previous.Step != value.Step || percent != Volatile.Read(ref _writtenPercent);
        Volatile.Write(ref _latest, new JobProgress(value.Step, value.Done, value.Total));
        if (worth)
        {
            Volatile.Write(ref _writtenPercent, percent);
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // A write is already due.
            }
        }
    }

    /// <summary>Completes when a write is due, or when <paramref name="cancellationToken"/> fires (then without throwing).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The heartbeat is due anyway.
        }
    }
}
