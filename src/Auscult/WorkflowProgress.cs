namespace Auscult;

/// <summary>
/// Progress of a long workflow made of steps (features, training, cross-fitting, scoring): which step is running and
/// how many of its items are done. Hosts show it as they like: a progress bar, log lines, a job's status.
/// </summary>
/// <param name="Step">The running step, e.g. <c>features</c> or <c>training mimii</c>.</param>
/// <param name="Done">Items of the step done so far.</param>
/// <param name="Total">Items the step has in all.</param>
public sealed record WorkflowProgress(string Step, int Done, int Total)
{
    /// <summary>An <see cref="IProgress{T}"/> of item counts that reports them as <paramref name="step"/> of <paramref name="total"/>.</summary>
    public static IProgress<int> Counting(IProgress<WorkflowProgress>? progress, string step, int total)
    {
        progress?.Report(new WorkflowProgress(step, 0, total));
        return new StepProgress(progress, step, total);
    }

    private sealed class StepProgress(IProgress<WorkflowProgress>? progress, string step, int total) : IProgress<int>
    {
        public void Report(int value) => progress?.Report(new WorkflowProgress(step, value, total));
    }
}
