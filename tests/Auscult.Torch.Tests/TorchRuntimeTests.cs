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
