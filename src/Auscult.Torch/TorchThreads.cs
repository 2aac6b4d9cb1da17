namespace Auscult.Torch;

/// <summary>Thread counts for libtorch's intra-op pool, chosen by measurement on the project's 2-core machines.</summary>
public static class TorchThreads
{
    /// <summary>
    /// Intra-op threads when the host does not choose (see <see cref="TorchRuntime.Configure"/>): 1. Training:
    /// measured on the 2-core machine while other builds ran (load average ~15), 10 epochs of dcase2020 on 23,175
    /// vectors took 7.5 s of CPU and 56 s wall time on 1 thread, but 88 s of CPU and 274 s wall on 2: libtorch's
    /// OpenMP workers spin while waiting for a core, so a second thread only pays off on an idle machine. Scoring:
    /// clips are scored by several workers at once (one per core), each needing one thread, not several.
    /// </summary>
    public const int Default = 1;
}
