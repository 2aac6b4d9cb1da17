namespace Auscult.Torch.Tests;

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the pool).</summary>
internal sealed class SynchronousProgress(Action<Auscult.Torch.Training.TrainingProgress> report) : IProgress<Auscult.Torch.Training.TrainingProgress>
{
    public void Report(Auscult.Torch.Training.TrainingProgress value) => report(value);
}
