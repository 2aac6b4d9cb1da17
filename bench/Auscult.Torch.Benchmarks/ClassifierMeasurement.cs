using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Data.Synthesis;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `classifier [budget minutes] [multiclass] [folder]`: the classifier's end-to-end figures on a labelled synthetic
/// 6 dB fan set (4 ids x 60 normal + 30 abnormal clips, 64 mels). Per id and label, the first two thirds of the normal
/// clips and the first half of the abnormal ones train (the search splits off its own validation clips), the rest
/// test. Prints the trials, the test F1 at the stored threshold, the test AUC and the time to score one clip.
/// </summary>
internal static class ClassifierMeasurement
{
    public static void Run(string[] args)
    {
        TorchRuntime.Configure(1);
        double minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        bool multiClass = args.Length > 2 && args[2] == "multiclass";
        string folder = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "auscult-classifier-fan");

        var synthesis = new SynthesisOptions
        {
            OutputFolder = folder,
            MachineTypes = [MachineType.Fan],
            NormalClipsPerId = 60,
            AbnormalClipsPerId = 30,
            SnrDb = [6.0],
            Seed = 2026,
            Overwrite = true,
        };
        var clock = Stopwatch.StartNew();
        var planned = File.Exists(Path.Combine(folder, SyntheticDatasetWriter.ManifestFileName))
            ? SyntheticDatasetWriter.Plan(synthesis)
            : new SyntheticDatasetWriter().Write(synthesis);
        Console.WriteLine($"{planned.Count} clips ready in {clock.Elapsed.TotalSeconds:F0} s");

        clock.Restart();
        var extractor = new ClipFeatureExtractor(FeatureOptions.Mimii);
        var logMels = new FeatureMatrix[planned.Count];
        Parallel.For(0, planned.Count, i => logMels[i] = extractor.LogMel(Path.Combine(folder, planned[i].RelativePath)));
        Console.WriteLine($"log-mel {logMels[0].Rows} x {logMels[0].Columns} in {clock.Elapsed.TotalSeconds:F0} s");

        var kinds = AnomalyKinds.For(MachineType.Fan);
        int ClassOf(ClipSpec s) => s.Label == ClipLabel.Normal ? 0 : multiClass ? 1 + kinds.ToList().IndexOf(s.Anomaly) : 1;
        string[] names = multiClass ? ["normal", .. kinds.Select(k => k.ToManifestName())] : ["normal", "anomaly"];

        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, planned.Count).GroupBy(i => (planned[i].Spec.MachineId, planned[i].Spec.Label)))
        {
            var members = group.ToList();
            int trainCount = group.Key.Label == ClipLabel.Normal ? members.Count * 2 / 3 : members.Count / 2;
            train.AddRange(members.Take(trainCount));
            test.AddRange(members.Skip(trainCount));
        }

        clock.Restart();
        var progress = new Reporter();
        using var model = new ClassifierTrainer(new ClassifierOptions { Seed = 1 }).TrainAuto(
            [.. train.Select(i => logMels[i])], [.. train.Select(i => ClassOf(planned[i].Spec))], TimeSpan.FromMinutes(minutes), names, progress: progress);
        Console.WriteLine($"search: {clock.Elapsed.TotalSeconds:F0} s, CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s");
        foreach (var t in model.Training.Trials)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {t.Config.Name,-26} val F1 {t.ValidationF1:F3} loss {t.ValidationLoss:F3} best epoch {t.BestEpoch}/{t.Epochs} {t.Seconds:F0} s ({t.StoppedBy})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kept {model.Config.Name}, threshold {model.Threshold.Value:F4}, validation F1 {model.Training.ValidationF1:F3}"));

        bool[] labels = [.. test.Select(i => planned[i].Spec.Label != ClipLabel.Normal)];
        double[] scores = [.. test.Select(i => model.AnomalyProbability(logMels[i]))];
        var metrics = BinaryMetrics.At(labels, scores, model.Threshold.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test ({labels.Length} clips, {labels.Count(l => l)} abnormal): F1 {metrics.F1:F3}, precision {metrics.Precision:F3}, recall {metrics.Recall:F3}, AUC {RocAuc.Compute(labels, scores):F4}, pAUC {RocAuc.Partial(labels, scores):F4}"));
        if (multiClass)
        {
            int right = test.Count(i => Array.IndexOf(model.ClassProbabilities(logMels[i]), model.ClassProbabilities(logMels[i]).Max()) == ClassOf(planned[i].Spec));
            Console.WriteLine($"test class accuracy {right}/{test.Count}");
        }

        var clip = logMels[test[0]];
        for (int i = 0; i < 20; i++)
        {
            model.AnomalyProbability(clip);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        const int Count = 200;
        for (int i = 0; i < Count; i++)
        {
            model.AnomalyProbability(clip);
        }

        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scoring one {clip.Rows}-frame clip, 1 thread: {wall.Elapsed.TotalMilliseconds / Count:F2} ms wall, {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Count:F2} ms CPU"));
    }

    private sealed class Reporter : IProgress<ClassifierProgress>
    {
        public void Report(ClassifierProgress p) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  trial {p.Trial} {p.Config} epoch {p.Epoch}: train {p.TrainLoss:F3} val {p.ValidationLoss:F3} F1 {p.ValidationF1:F3} at {p.Elapsed.TotalSeconds:F0} s"));
    }
}
