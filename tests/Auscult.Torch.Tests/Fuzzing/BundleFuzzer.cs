using System.Diagnostics;
using System.Globalization;
using Auscult.Torch.Bundles;

namespace Auscult.Torch.Tests.Fuzzing;

/// <summary>
/// Runs seeded bundle mutations against <see cref="ModelBundle.Load(string)"/> (and, every other case, <see cref="ModelBundle.Load(Stream, string)"/> from a stream that cannot seek) and checks the contract: a bundle either loads
/// and scores a fixed clip with a finite score, or is refused with a <see cref="ModelException"/> whose message names
/// the file and holds no control characters; never another exception, a hang, or a large allocation.
/// </summary>
internal sealed class BundleFuzzer(string folder)
{
    /// <summary>Most managed bytes one case may allocate, and most the process working set may grow by.</summary>
    public const long MemoryCapBytes = 256L * 1024 * 1024;

    /// <summary>Longest one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The outcome of one case.</summary>
    public sealed record Case(int Index, string Mutation, string Outcome, bool Loaded, string? Failure, double Milliseconds, long AllocatedBytes, long WorkingSetGrowthBytes);

    /// <summary>The figures of a run.</summary>
    public sealed record Summary(int Cases, int Loaded, int Refused, IReadOnlyList<Case> Failures, double MaxMilliseconds, double MaxAllocatedMb, double MaxWorkingSetGrowthMb)
    {
        /// <summary>One line: cases, loaded, refused, crashes, max ms, max MB.</summary>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"cases {Cases}, loaded {Loaded}, refused {Refused}, crashes {Failures.Count}, max {MaxMilliseconds:F0} ms, max {MaxAllocatedMb:F1} MB allocated, max {MaxWorkingSetGrowthMb:F1} MB working-set growth");
    }

    /// <summary>Runs <paramref name="cases"/> mutations, alternating the seed bundles; case i uses seed <c>seed + i</c>.</summary>
    public Summary Run(IReadOnlyList<byte[]> seeds, int cases, int seed, Action<Case>? report = null)
    {
        var results = new List<Case>();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        for (int i = 0; i < cases; i++)
        {
            var random = new Random(seed + i);
            var (mutation, bundle) = BundleMutator.Mutate(seeds[i % seeds.Count], random);
            var result = RunCase(i, mutation, bundle, baseline);
            results.Add(result);
            report?.Invoke(result);
        }

        return new Summary(
            cases,
            results.Count(r => r.Loaded && r.Failure is null),
            results.Count(r => !r.Loaded && r.Failure is null),
            [.. results.Where(r => r.Failure is not null)],
            results.Max(r => r.Milliseconds),
            results.Max(r => r.AllocatedBytes) / (1024.0 * 1024),
            Math.Max(0, results.Max(r => r.WorkingSetGrowthBytes)) / (1024.0 * 1024));
    }

    /// <summary>Writes <paramref name="bundle"/> to a file, loads and scores it, and checks the contract.</summary>
    public Case RunCase(int index, string mutation, byte[] bundle, long baselineWorkingSet)
    {
        string path = Path.Combine(folder, $"case-{index:D4}.auscult");
        File.WriteAllBytes(path, bundle);
        var clock = Stopwatch.StartNew();
        // On its own thread, so that a hang is reported instead of stopping the run; the allocation is that thread's.
        bool fromStream = index % 2 == 1;
        var task = Task.Factory.StartNew(() => Attempt(path, fromStream), TaskCreationOptions.LongRunning);
        if (!task.Wait(HangTimeout))
        {
            return new Case(index, mutation, "hang", false, $"no answer within {HangTimeout.TotalSeconds} s", clock.Elapsed.TotalMilliseconds, 0, 0);
        }

        clock.Stop();
        var (loaded, outcome, failure, allocated) = task.Result;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long growth = process.WorkingSet64 - baselineWorkingSet;
        if (failure is null && allocated > MemoryCapBytes)
        {
            failure = $"allocated {allocated / (1024 * 1024)} MB";
        }

        if (failure is null && growth > MemoryCapBytes)
        {
            failure = $"working set grew {growth / (1024 * 1024)} MB";
        }

        File.Delete(path);
        return new Case(index, mutation, outcome, loaded, failure, clock.Elapsed.TotalMilliseconds, allocated, growth);
    }

    private static (bool Loaded, string Outcome, string? Failure, long Allocated) Attempt(string path, bool fromStream)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var bundle = fromStream ? LoadFromStream(path) : ModelBundle.Load(path);
            int mels = bundle.Manifest.Features.MelBandCount;
            int frames = bundle.Kind == ModelKind.Classifier ? bundle.Classifier.MinimumFrames : 1;
            using var scorer = bundle.CreateScorer();
            double score = scorer.Score(SeedBundles.Clip(mels, frames));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return double.IsFinite(score)
                ? (true, string.Create(CultureInfo.InvariantCulture, $"loaded, score {score:G6}"), null, allocated)
                : (true, $"loaded, score {score}", "a loaded bundle scored a non-finite value", allocated);
        }
        catch (ModelException ex)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            string? failure = !ex.Message.Contains(path, StringComparison.Ordinal) ? "the message does not name the bundle"
                : ex.Message.Any(char.IsControl) ? "the message holds control characters"
                : null;
            return (false, $"refused: {ex.Message}", failure, allocated);
        }
        catch (Exception ex)
        {
            return (false, $"crash: {ex.GetType().Name}", $"{ex.GetType().FullName}: {ex.Message}", GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>Loads the bundle as a request body arrives: a stream that cannot seek, named by the file's path.</summary>
    private static ModelBundle LoadFromStream(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = new ForwardOnlyStream(file);
        return ModelBundle.Load(stream, path);
    }
}
