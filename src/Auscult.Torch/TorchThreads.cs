namespace Auscult.Torch;

/// <summary>Thread counts for libtorch's intra-op pool, chosen by measurement on the project's 2-core machines.</summary>
public static class TorchThreads
{
    /// <summary>Threads for training: all cores (measured on 2 cores: see README-torch.md).</summary>
    public static int DefaultTrainingThreads => Environment.ProcessorCount;
}
