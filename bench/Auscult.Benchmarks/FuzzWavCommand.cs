using System.Globalization;
using Auscult.Tests.Audio.Fuzzing;

namespace Auscult.Benchmarks;

/// <summary>
/// <c>fuzz-wav [cases] [seed]</c>: runs <see cref="WavFuzzer"/> (default 10,000 cases, seed 1), prints progress and a
/// summary, and keeps every contract-breaking case as a file under <c>fuzz-wav-failures/</c> for replay.
/// Exit code 0 when no case crashed or hung, 1 otherwise, 2 for bad arguments.
/// </summary>
internal static class FuzzWavCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        int cases = 10_000, seed = 1;
        if ((args.Length > 0 && !int.TryParse(args[0], CultureInfo.InvariantCulture, out cases)) ||
            (args.Length > 1 && !int.TryParse(args[1], CultureInfo.InvariantCulture, out seed)) || cases < 1)
        {
            output.WriteLine("usage: fuzz-wav [cases (default 10000)] [seed (default 1)]");
            return 2;
        }

        string folder = Directory.CreateTempSubdirectory("auscult-fuzz-wav-").FullName;
        try
        {
            var fuzzer = new WavFuzzer(folder, seed);
            var summary = fuzzer.Run(cases, progress: done =>
            {
                if (done % 1000 == 0)
                {
                    output.WriteLine($"  {done} / {cases}");
                }
            });

            output.WriteLine($"fuzz-wav seed {seed}: {summary}");
            output.WriteLine($"slowest: {summary.Slowest}");
            output.WriteLine($"most allocation: {summary.Hungriest}");
            if (summary.Failures.Count > 0)
            {
                string keep = Directory.CreateDirectory("fuzz-wav-failures").FullName;
                foreach (var failure in summary.Failures)
                {
                    output.WriteLine(failure);
                    if (failure.Bytes is { } bytes)
                    {
                        File.WriteAllBytes(Path.Combine(keep, $"seed{seed}-case{failure.Index}.wav"), bytes);
                    }
                }

                output.WriteLine($"failing cases written to {keep}");
            }

            return summary.Crashes == 0 && summary.Hangs == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
