using System.Diagnostics;
using System.Globalization;
using Auscult.Torch.Benchmarks;
using Auscult.Torch.Models;
using Auscult.Torch.Training;
using BenchmarkDotNet.Running;

// `train [epochs] [threads]` times the dcase2020 preset on 75 synthetic clips of 313 frames (23,175 vectors), the
// scale of the speed target; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "train")
{
    int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
    int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
    var clips = SyntheticLogMel.Clips(75, 313, 128, seed: 7);
    var clock = Stopwatch.StartNew();
    using var result = new AutoencoderTrainer(AutoencoderPreset.Dcase2020 with { Epochs = epochs }, seed: 1, threadCount: threads).Train(clips);
    clock.Stop();
    var last = result.History[^1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{epochs} epochs, {threads} thread(s), {result.VectorCount} vectors: {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalSeconds / epochs:F3} s/epoch); loss {result.History[0].TrainLoss:F2} -> {last.TrainLoss:F2}, val {last.ValidationLoss:F2}; CPU time {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
