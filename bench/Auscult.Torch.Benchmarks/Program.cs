using System.Diagnostics;
using System.Globalization;
using Auscult.Torch;
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
    TorchRuntime.Configure(threads);
    var clips = SyntheticLogMel.Clips(75, 313, 128, seed: 7);
    var clock = Stopwatch.StartNew();
    using var result = new AutoencoderTrainer(AutoencoderPreset.Dcase2020 with { Epochs = epochs }, seed: 1).Train(clips);
    clock.Stop();
    var last = result.History[^1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{epochs} epochs, {threads} thread(s), {result.VectorCount} vectors: {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalSeconds / epochs:F3} s/epoch); loss {result.History[0].TrainLoss:F2} -> {last.TrainLoss:F2}, val {last.ValidationLoss:F2}; CPU time {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
    return;
}

// `score [clips]` times scoring 10-s clips on one thread, reporting CPU time per clip as well: on a shared machine
// CPU time is the figure that does not depend on what else runs.
if (args.Length > 0 && args[0] == "score")
{
    int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    TorchRuntime.Configure(1);
    using var trained = new AutoencoderTrainer(AutoencoderPreset.Dcase2020 with { Epochs = 1 }, seed: 1).Train(SyntheticLogMel.Clips(4, 313, 128, seed: 1));
    using var scorer = new Auscult.Torch.Scoring.AutoencoderScorer(trained.Model);
    var clip = SyntheticLogMel.Clips(1, 313, 128, seed: 2)[0];
    for (int i = 0; i < 20; i++)
    {
        scorer.Score(clip);
    }

    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        scorer.Score(clip);
    }

    wall.Stop();
    process.Refresh();
    double cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} clips of 313 frames: {wall.Elapsed.TotalMilliseconds / count:F2} ms wall, {cpuMs:F2} ms CPU per clip"));
    return;
}

// `managed [clips]` times scoring a 10-s clip's log-mel matrix with TorchSharp (one thread) and with the managed
// forward pass of the edge agent, for both presets, in wall and CPU time per clip (CPU time: the machine may be shared).
if (args.Length > 0 && args[0] == "managed")
{
    int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    TorchRuntime.Configure(1);
    foreach (string preset in new[] { "mimii", "dcase2020" })
    {
        var (model, managed) = ManagedScoringBenchmarks.Models(preset);
        using (model)
        using (var torch = new Auscult.Torch.Scoring.AutoencoderScorer(model))
        {
            var clip = SyntheticLogMel.Clips(1, 313, model.Preset.Features.MelBandCount, seed: 2)[0];
            foreach (var (name, score) in new (string, Func<double>)[] { ("torchsharp", () => torch.Score(clip).Score), ("managed", () => managed.Score(clip)) })
            {
                for (int i = 0; i < 20; i++)
                {
                    score();
                }

                var process = Process.GetCurrentProcess();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                for (int i = 0; i < count; i++)
                {
                    score();
                }

                wall.Stop();
                process.Refresh();
                double cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{preset,-9} {name,-10} {count} clips of 313 frames: {wall.Elapsed.TotalMilliseconds / count:F2} ms wall, {cpuMs:F2} ms CPU per clip (score {score():G6})"));
            }
        }
    }

    return;
}

// `throughput MODEL FOLDER [clips] [workers] [rounds]`: clips per second through Detector.DecideAsync on WAV bytes,
// one shared detector on 1, 2 ... worker threads (see ThroughputMeasurement).
if (args.Length > 0 && args[0] == "throughput")
{
    Environment.ExitCode = ThroughputMeasurement.Run(args);
    return;
}

// `drift-scenarios OUT [days] [clip seconds] [training days] [steady days] [epochs]`: the drift monitor on every scenario.
if (args.Length > 0 && args[0] == "drift-scenarios")
{
    DriftScenarioMeasurement.Run(args);
    return;
}

// `configs FOLDER MINUTES 16-32-64:4 ...`: named classifier configurations on a data set's supervised split.
if (args.Length > 0 && args[0] == "configs")
{
    ConfigMeasurement.Run(args);
    return;
}

// `breakeven [budget seconds] [folder]`: the classifier against the autoencoder as labelled anomalies grow.
if (args.Length > 0 && args[0] == "breakeven")
{
    BreakEvenMeasurement.Run(args);
    return;
}

// `quality FOLDER [seeds] [preset] [hold-out] [threshold] [ensemble] [epochs]`: AUC, pAUC, F1 and threshold per seed.
if (args.Length > 0 && args[0] == "quality")
{
    QualityMeasurement.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "quality-export")
{
    QualityMeasurement.Export(args);
    return;
}

// `classifier [budget minutes] [multiclass] [folder]`: the auto-trained classifier on a synthetic 6 dB fan set.
if (args.Length > 0 && args[0] == "classifier")
{
    ClassifierMeasurement.Run(args);
    return;
}

// `fuzz-bundles [cases] [seed] [-v]`: mutated model bundles against the loader's contract (see BundleFuzzRun).
if (args.Length > 0 && args[0] == "fuzz-bundles")
{
    Environment.ExitCode = BundleFuzzRun.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
