using System.Diagnostics;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>
/// A short seeded run of the bundle fuzzer (the full run: <c>bench/Auscult.Torch.Benchmarks fuzz-bundles 500</c>).
/// </summary>
public sealed class BundleFuzzTests(SeedFixture seeds, ITestOutputHelper output) : IClassFixture<SeedFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void HundredMutatedBundles_LoadAndScoreFinitely_OrAreRefusedCleanly()
    {
        var clock = Stopwatch.StartNew();
        var summary = new BundleFuzzer(_temp.Path).Run([seeds.Autoencoder, seeds.Classifier], cases: 100, seed: 20261201);
        output.WriteLine($"{summary} in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var failure in summary.Failures)
        {
            output.WriteLine($"case {failure.Index} ({failure.Mutation}): {failure.Failure}");
        }

        Assert.Empty(summary.Failures.Select(f => $"case {f.Index} ({f.Mutation}): {f.Failure}"));
        Assert.True(summary.Loaded > 0, "no mutated bundle loaded: the run exercises refusals only");
        Assert.True(summary.Refused > 50, $"only {summary.Refused} refusals");
    }

    [Fact]
    public void SeedBundles_LoadAndScore()
    {
        var fuzzer = new BundleFuzzer(_temp.Path);
        foreach (var bundle in new[] { seeds.Autoencoder, seeds.Classifier })
        {
            var result = fuzzer.RunCase(0, "none", bundle, baselineWorkingSet: long.MaxValue / 2);
            Assert.True(result.Loaded, result.Outcome);
            Assert.Null(result.Failure);
        }
    }
}
