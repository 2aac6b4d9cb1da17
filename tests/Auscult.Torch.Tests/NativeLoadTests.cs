using Auscult.Torch.Training;
using TorchSharp;

namespace Auscult.Torch.Tests;

/// <summary>
/// The libstdc++ load fix: without it, libLibTorchSharp.so fails to load on Debian 12 ("GLIBCXX_3.4.32 not found")
/// and every use of TorchSharp throws.
/// </summary>
public class NativeLoadTests
{
    [Fact]
    public void Tensor_Sum_LoadsNativeLibraryAndComputes()
    {
        using var a = torch.ones(3);
        using var sum = (a + a).sum();
        Assert.Equal(6f, sum.item<float>());
    }

    [Fact]
    public void Trainer_OneEpoch_RunsBackwardAndOptimizerStep()
    {
        using var result = new AutoencoderTrainer(TinyData.Preset(epochs: 1), seed: 3).Train(TinyData.Normal(2));
        Assert.Single(result.History);
        Assert.True(double.IsFinite(result.History[0].TrainLoss));
    }

    [Fact]
    public void OutputLibrary_WhenSystemLibStdCxxLacksGlibcxx3432_IsTheWeakenedCopy()
    {
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"];
        string? system = candidates.FirstOrDefault(File.Exists);
        bool systemHasIt = system is not null && IndexOf(File.ReadAllBytes(system), "GLIBCXX_3.4.32\0"u8) >= 0;
        byte[] output = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        Assert.True(IndexOf(output, "GLIBCXX_3.4.32\0"u8) >= 0, "the TorchSharp build this test was written for names GLIBCXX_3.4.32");

        // The copy in the output differs from the package's in exactly the one vna_flags word when patched.
        string package = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        // The build restored the package from this cache; without it the test would prove nothing, so it fails.
        Assert.True(File.Exists(package), $"the TorchSharp package is not at {package}: set NUGET_PACKAGES to the cache the build restored from");

        byte[] original = File.ReadAllBytes(package);
        Assert.Equal(original.Length, output.Length);
        var differing = Enumerable.Range(0, output.Length).Where(i => output[i] != original[i]).ToList();
        if (systemHasIt)
        {
            Assert.Empty(differing);
        }
        else
        {
            int at = Assert.Single(differing);
            Assert.Equal(original[at] | 0x2, output[at]);
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
