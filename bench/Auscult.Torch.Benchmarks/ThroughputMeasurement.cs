using System.Diagnostics;
using System.Globalization;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `throughput MODEL FOLDER [clips] [workers] [rounds]`: clips per second through the whole decision path a service
/// runs, <see cref="Detector.DecideAsync"/> on WAV bytes (decode, input health, the bundle's features, the forward
/// pass and the rule score &gt; threshold), with one <see cref="Detector"/> shared by 1, 2 ... workers (each a thread
/// of its own) and torch's intra-op threads at 1. The WAV files are read into memory first, so the disk is not
/// measured. Prints, per worker count, the median over the rounds of clips per second and of process CPU per clip
/// (user + system: the figure that does not depend on what else runs), and the 50th and 99th percentiles of one clip's
/// latency over all rounds; every round's decisions must equal the first single-worker round's, bit for bit.
/// </summary>
internal static class ThroughputMeasurement
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: throughput MODEL FOLDER [clips=200] [workers=1,2] [rounds=5]");
            return 2;
        }

        string modelPath = args[1];
        string folder = args[2];
        int count = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;
        int[] workerCounts = args.Length > 4 ? [.. args[4].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))] : [1, 2];
        int rounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5;

        TorchRuntime.Configure(1); // the host's one setting: workers give the parallelism
        Console.WriteLine($"load average before: {LoadAverage()}; {Environment.ProcessorCount} processor(s) available");
        using var detector = Detector.Load(modelPath);
        var files = Directory.EnumerateFiles(folder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"{folder}: no .wav files");
            return 2;
        }

        // The same clips in the same order for every run; fewer files than clips are used again in turn.
        var clips = Enumerable.Range(0, count).Select(i => (Name: files[i % files.Count], Bytes: File.ReadAllBytes(files[i % files.Count]))).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{detector.Bundle.Kind} model {Path.GetFileName(modelPath)} ({detector.Extractor.Options.MelBandCount} mels), {clips.Length} clips from {Math.Min(files.Count, count)} file(s), {clips.Average(c => c.Bytes.Length) / 1024:F0} KiB each on average"));

        // Warm-up until tiered compilation settles (the first passes run tier-0 code and are several times slower),
        // libtorch's first calls and the native allocator's pools: a pass on one worker and one on the most workers.
        ClipDecision[] reference = RunOnce(detector, clips, 1).Decisions;
        RunOnce(detector, clips, workerCounts.Max());
        Thread.Sleep(TimeSpan.FromSeconds(1)); // lets the background tier-1 compilations queued by the warm-up finish

        Console.WriteLine("workers  clips/s (min-max)        CPU ms/clip (min-max)    p50 ms  p99 ms");
        foreach (int workers in workerCounts)
        {
            var rates = new List<double>();
            var cpu = new List<double>();
            var latencies = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                var run = RunOnce(detector, clips, workers);
                for (int i = 0; i < clips.Length; i++)
                {
                    if (run.Decisions[i].Score != reference[i].Score || run.Decisions[i].Verdict != reference[i].Verdict)
                    {
                        throw new InvalidOperationException($"{clips[i].Name}: {workers} worker(s) decided {run.Decisions[i].Score} ({run.Decisions[i].Verdict}), one worker {reference[i].Score} ({reference[i].Verdict}).");
                    }
                }

                rates.Add(clips.Length / run.Wall.TotalSeconds);
                cpu.Add(run.Cpu.TotalMilliseconds / clips.Length);
                latencies.AddRange(run.LatenciesMs);
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workers,7}  {Median(rates),7:F1} ({rates.Min(),6:F1}-{rates.Max(),6:F1})  {Median(cpu),7:F2} ({cpu.Min(),6:F2}-{cpu.Max(),6:F2})  {Quantile(latencies, 0.5),6:F2}  {Quantile(latencies, 0.99),6:F2}"));
        }

        var verdicts = reference.GroupBy(d => d.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine($"decisions: {string.Join(", ", verdicts)}; identical on every worker count and round");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static (ClipDecision[] Decisions, TimeSpan Wall, TimeSpan Cpu, double[] LatenciesMs) RunOnce(
        Detector detector, (string Name, byte[] Bytes)[] clips, int workers)
    {
        var decisions = new ClipDecision[clips.Length];
        var latencies = new double[clips.Length];
        int next = -1;
        void Work()
        {
            for (int i = Interlocked.Increment(ref next); i < clips.Length; i = Interlocked.Increment(ref next))
            {
                long start = Stopwatch.GetTimestamp();
                using var wav = new MemoryStream(clips[i].Bytes, writable: false);
                // A MemoryStream completes every read synchronously, so this blocks no other thread.
                decisions[i] = detector.DecideAsync(wav, clips[i].Name).GetAwaiter().GetResult();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long wallStart = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var wall = Stopwatch.GetElapsedTime(wallStart);
        process.Refresh();
        return (decisions, wall, process.TotalProcessorTime - cpuBefore, latencies);
    }

    private static double Median(List<double> values) => Quantile([.. values.Order()], 0.5);

    // Linear interpolation between the closest ranks (numpy's default).
    private static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
