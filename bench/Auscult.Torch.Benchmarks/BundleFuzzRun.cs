using System.Diagnostics;
using System.Globalization;
using Auscult.Bundles;
using Auscult.Torch.Tests.Fuzzing;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `fuzz-bundles [cases] [seed] [-v]`: the bundle fuzzer of the test suite at full length. Trains a tiny autoencoder and
/// a tiny classifier, mutates their bundles <c>cases</c> times (case i from seed + i, so one case can be replayed) and
/// prints cases, loaded, refused, crashes (any contract breach), the slowest case and the largest allocation. With
/// <c>-v</c> every case is printed. Exits 1 when a case breaks the contract.
/// </summary>
internal static class BundleFuzzRun
{
    public static int Run(string[] args)
    {
        int cases = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20261201;
        bool verbose = args.Contains("-v");
        TorchRuntime.Configure(1);
        string folder = Directory.CreateTempSubdirectory("auscult-fuzz-").FullName;
        try
        {
            var seeds = new[] { SeedBundles.Autoencoder(folder), SeedBundles.Classifier(folder) };
            var clock = Stopwatch.StartNew();
            var summary = new BundleFuzzer(folder).Run(seeds, cases, seed, verbose
                ? c => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Index,4} {c.Milliseconds,6:F0} ms {c.AllocatedBytes / 1048576.0,6:F1} MB  {c.Mutation} -> {BundleText.Safe(c.Outcome, 160)}"))
                : null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {summary} ({clock.Elapsed.TotalSeconds:F1} s)"));
            foreach (var failure in summary.Failures)
            {
                Console.WriteLine($"CRASH case {failure.Index} ({failure.Mutation}): {BundleText.Safe(failure.Failure, 300)}");
            }

            return summary.Failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
