using System.Diagnostics;
using Auscult.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["--cpu-time", ..])
{
    // A quick check for a busy shared machine: wall-clock benchmarks there measure the queue, so this reports the
    // process CPU time per operation instead. Final figures come from BenchmarkDotNet.
    CpuTimeCheck.Run(Console.Out);
    return;
}

if (args is ["fuzz-wav", ..])
{
    // Not a benchmark: the long seeded run of the WAV fuzzing harness (the test suite runs 500 cases).
    Environment.ExitCode = FuzzWavCommand.Run(args[1..], Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

internal static class CpuTimeCheck
{
    public static void Run(TextWriter output)
    {
        var fft = new FftBenchmarks();
        var stft = new StftBenchmarks();
        stft.Setup();
        var mel = new MelBenchmarks();
        var clip = new ClipFeatureBenchmarks();
        clip.Setup();

        Measure(output, "FFT 1024 real", 200_000, fft.Forward1024);
        Measure(output, "FFT 1024 + power", 200_000, fft.ForwardAndPower1024);
        Measure(output, "STFT 10 s", 500, stft.PowerSpectrogram10s);
        Measure(output, "Mel 128 x 313 frames", 500, mel.Apply128Bands313Frames);
        Measure(output, "Clip log-mel into buffer", 500, clip.ExtractLogMelIntoBuffer);
        Measure(output, "Clip vectors into buffer", 500, clip.ExtractVectorsIntoBuffer);
        Measure(output, "Clip vectors (new matrix)", 500, () => clip.ExtractVectors());
        var bands = new BandStatisticsBenchmarks();
        bands.Setup();
        Measure(output, "Band statistics: add 313 x 128", 200, () => bands.AddOneClip());
        Measure(output, "Band statistics: read 128 bands", 50, () => bands.ToStatistics());
    }

    private static void Measure(TextWriter output, string name, int iterations, Action action)
    {
        for (int i = 0; i < iterations / 10; i++)
        {
            action();
        }

        var best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            using var process = Process.GetCurrentProcess();
            TimeSpan start = process.TotalProcessorTime;
            for (int i = 0; i < iterations; i++)
            {
                action();
            }

            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - start).TotalMicroseconds / iterations);
        }

        output.WriteLine($"{name,-28} {best,10:F2} us CPU per op (best of 5 x {iterations})");
    }
}
