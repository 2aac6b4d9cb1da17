using TorchSharp;
using static TorchSharp.torch;

namespace Auscult.Torch.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureConfigured_TurnsOffOneDnnAndNnpack()
    {
        TorchRuntime.EnsureConfigured();

        Assert.False(TorchRuntime.OneDnnEnabled);
        Assert.False(TorchRuntime.NnpackEnabled);
    }

    [Fact]
    public void EnsureConfigured_AppliesTheHostsThreadCount()
    {
        TorchRuntime.EnsureConfigured();

        Assert.Equal(TorchTestHost.IntraOpThreads, TorchRuntime.IntraOpThreads);
        Assert.Equal(TorchTestHost.IntraOpThreads, torch.get_num_threads());
        // A new thread that never ran torch picks the count up too (OpenMP copies it per thread on first use).
        int onWorker = 0;
        var worker = new Thread(() => onWorker = torch.get_num_threads());
        worker.Start();
        worker.Join();
        Assert.Equal(TorchTestHost.IntraOpThreads, onWorker);
    }

    [Fact]
    public void Configure_OnceApplied_AcceptsTheSameCountAndRefusesAnother()
    {
        TorchRuntime.EnsureConfigured();

        TorchRuntime.Configure(TorchTestHost.IntraOpThreads);
        var e = Assert.Throws<ConfigurationException>(() => TorchRuntime.Configure(TorchTestHost.IntraOpThreads + 1));

        Assert.Contains("set once per process", e.Message, StringComparison.Ordinal);
        Assert.Equal(TorchTestHost.IntraOpThreads, TorchRuntime.IntraOpThreads);
        Assert.Equal(TorchTestHost.IntraOpThreads, torch.get_num_threads());
    }

    [Fact]
    public void Configure_FewerThanOneThread_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.Configure(0));

    /// <summary>
    /// The defect behind the classifier tests' NaN failures: libtorch's oneDNN convolution returned NaN input gradients
    /// in 2-8 of 3,000 such passes on the project's AVX-512 machines. With the runtime configured, none may.
    /// </summary>
    [Fact]
    public void ConvolutionBackward_ThousandsOfPassesWithMemoryChurn_GivesFiniteGradients()
    {
        TorchRuntime.EnsureConfigured();
        using var conv = nn.Conv2d(4, 8, 3, padding: 1);
        var random = new Random(1);
        var values = new float[8 * 4 * 16 * 8];
        int nonFinite = 0;
        for (int i = 0; i < 3000; i++)
        {
            using var scope = NewDisposeScope();
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = (float)random.NextDouble();
            }

            var x = tensor(values, [8, 4, 16, 8]).requires_grad_(true);
            conv.call(x).sum().backward();
            nonFinite += x.grad!.isfinite().all().item<bool>() ? 0 : 1;

            // Free and reuse native memory between passes, as training does: the faulty kernel read such memory.
            randn(1000 + random.Next(5000)).Dispose();
            if (i % 10 == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        Assert.Equal(0, nonFinite);
    }
}
