namespace Auscult.Torch;

/// <summary>Thread counts for libtorch's intra-op pool, chosen by measurement on the project's 2-core machines.</summary>
public static class TorchThreads
{
    /// <summary>
    /// Threads for training: 1. Measured on the 2-core machine while other builds ran (load average ~15), 10 epochs
    /// of dcase2020 on 23,175 vectors took 7.5 s of CPU and 56 s wall time on 1 thread, but 88 s of CPU and 274 s wall
    /// on 2: libtorch's OpenMP workers spin while waiting for a core, so a second thread only pays off on an idle
    /// machine. Pass a thread count to <see cref="Training.AutoencoderTrainer"/> to override.
    /// </summary>
    public static int DefaultTrainingThreads => 1;
}
