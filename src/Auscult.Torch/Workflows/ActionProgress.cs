namespace Auscult.Torch.Workflows;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action on the reporting thread. <see cref="Progress{T}"/> posts to the
/// thread pool instead, so a step's last reports could arrive after the next step began.
/// </summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
