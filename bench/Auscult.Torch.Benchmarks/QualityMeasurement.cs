using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Training;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// <c>quality FOLDER [seeds] [preset] [hold-out] [threshold] [ensemble] [epochs]</c>: detection quality on a data set's
/// own train/test split over several training seeds, one torch thread. Per seed: ROC AUC, pAUC, F1 (precision,
/// recall) at the model's own threshold, the threshold, the kept epoch, training and cross-fitting seconds, and the
/// false-alarm rate the threshold implies on unseen normals against the one seen on the test normals.
/// </summary>
/// <remarks>
/// hold-out: <c>random-vectors</c> (default), <c>last-vectors</c> (Keras) or <c>random-clips</c>. threshold:
/// <c>crossfit</c> (gamma on cross-fitted scores, default) or <c>training</c> (gamma on the training clips' own
/// scores). ensemble: models per seed whose scores are averaged (default 1).
/// </remarks>
internal static class QualityMeasurement
{
    public static void Run(string[] args)
    {
        string folder = args.Length > 1 ? args[1] : "/work/shared/data/real/mimii-fan-id00-split";
        int seeds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var preset = AutoencoderPreset.FromName(args.Length > 3 ? args[3] : AutoencoderPreset.Default.Name);
        preset = preset with
        {
            HoldOut = (args.Length > 4 ? args[4] : "random-vectors") switch
            {
                "last-vectors" => ValidationHoldOut.LastVectors,
                "random-clips" => ValidationHoldOut.RandomClips,
                "random-vectors-last" => ValidationHoldOut.RandomVectors,
                _ => ValidationHoldOut.RandomVectors,
            },
            KeepBestEpoch = args.Length <= 4 || args[4] != "random-vectors-last",
        };
        bool crossFit = (args.Length > 5 ? args[5] : "crossfit") == "crossfit";
        int ensemble = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1;
        if (args.Length > 7)
        {
            preset = preset with { Epochs = int.Parse(args[7], CultureInfo.InvariantCulture) };
        }

        if (folder == "synth-fan-6")
        {
            // `auscult synth --machine fan --snr=6 --seed 1`: 4 ids x (60 normal + 15 abnormal), MIMII layout.
            folder = Path.Combine(Path.GetTempPath(), "auscult-quality-synth-fan6");
            var synthesis = new Auscult.Data.Synthesis.SynthesisOptions { OutputFolder = folder, MachineTypes = [Auscult.Data.Synthesis.MachineType.Fan], SnrDb = [6.0], Seed = 1, Overwrite = true };
            if (!File.Exists(Path.Combine(folder, Auscult.Data.Synthesis.SyntheticDatasetWriter.ManifestFileName)))
            {
                new Auscult.Data.Synthesis.SyntheticDatasetWriter().Write(synthesis);
            }
        }

        var catalog = ClipCatalog.Discover(folder);
        var train = ClipSelection.Training(catalog, null, null);
        var test = ClipSelection.Test(catalog, null, null);
        var extractor = new ClipFeatureExtractor(preset.Features);
        FeatureMatrix[] trainLogMels = [.. train.Clips.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path))];
        FeatureMatrix[] testLogMels = [.. test.Clips.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path))];
        bool[] labels = [.. test.Clips.Select(c => c.Label == ClipLabel.Anomaly)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{folder}: {trainLogMels.Length} training normals, test {labels.Count(l => !l)} normal + {labels.Count(l => l)} anomalous; {preset.Name}, {preset.Epochs} epochs, hold-out {preset.HoldOut}{(preset.KeepBestEpoch ? " (best epoch)" : " (last epoch)")}, threshold from {(crossFit ? "cross-fitted" : "training")} scores, ensemble {ensemble}"));
        Console.WriteLine("seed   AUC  pAUC    F1     P     R  threshold  kept train s wall/CPU crossfit s wall/CPU  scoring ms/clip  expected FA  test-normal FA");

        var aucs = new List<double>();
        var f1s = new List<double>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var members = new List<TrainingResult>();
            for (int e = 0; e < ensemble; e++)
            {
                members.Add(new AutoencoderTrainer(preset, seed + (1000 * e)).Train(trainLogMels));
            }

            double trainSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double trainCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            double[] trainScores = Average(members.Select(m => AutoencoderDetector.Score(m.Model, trainLogMels)));
            clock.Restart();
            double[] testScores = Average(members.Select(m => AutoencoderDetector.Score(m.Model, testLogMels)));
            double scoringMs = clock.Elapsed.TotalMilliseconds / testLogMels.Length;
            double crossFitSeconds = 0, crossFitCpuSeconds = 0;
            double[] fitScores = trainScores;
            if (crossFit)
            {
                // One cross-fit per member seed would multiply the cost; the first member's folds estimate them all.
                process.Refresh();
                cpuBefore = process.TotalProcessorTime;
                var unseen = new CrossFitter(preset, seed).Score(trainLogMels);
                crossFitSeconds = unseen.Elapsed.TotalSeconds;
                process.Refresh();
                crossFitCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                fitScores = [.. unseen.Scores];
            }

            var gamma = GammaDistribution.Fit(fitScores);
            double threshold = gamma.Quantile(ThresholdSelector.DefaultGammaQuantile);
            double auc = RocAuc.Compute(labels, testScores);
            var metrics = BinaryMetrics.At(labels, testScores, threshold);
            double testNormalAlarms = labels.Zip(testScores).Count(p => !p.First && p.Second > threshold) / (double)labels.Count(l => !l);
            aucs.Add(auc);
            f1s.Add(metrics.F1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{seed,4} {auc,5:F3} {RocAuc.Partial(labels, testScores),5:F3} {metrics.F1,5:F3} {metrics.Precision,5:F3} {metrics.Recall,5:F3} {threshold,10:F2} {members[0].KeptEpoch,5} {trainSeconds,5:F1}/{trainCpuSeconds,4:F1} {crossFitSeconds,5:F1}/{crossFitCpuSeconds,5:F1} {scoringMs,16:F2} {1 - gamma.Cdf(threshold),12:F2} {testNormalAlarms,15:F2}"));
            var best = ThresholdSelector.MaxF1(labels, testScores);
            var bestMetrics = BinaryMetrics.At(labels, testScores, best.Threshold);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"      best F1 at any threshold (chosen on the test set): {bestMetrics.F1:F3} at {best.Threshold:F2}, flagging {bestMetrics.FalsePositives} of {labels.Count(l => !l)} test normals"));
            Console.WriteLine("      normal test scores: " + string.Join(" ", labels.Zip(testScores).Where(p => !p.First).Select(p => p.Second.ToString("F1", CultureInfo.InvariantCulture)))
                + " | anomalous: " + string.Join(" ", labels.Zip(testScores).Where(p => p.First).Select(p => p.Second.ToString("F1", CultureInfo.InvariantCulture)))
                + " | fitted on: " + string.Join(" ", fitScores.Select(s => s.ToString("F1", CultureInfo.InvariantCulture))));
            foreach (var m in members)
            {
                m.Dispose();
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean AUC {aucs.Average():F3} (min {aucs.Min():F3}), mean F1 {f1s.Average():F3} (min {f1s.Min():F3})"));
    }

    /// <summary>
    /// <c>quality-export FOLDER OUT [preset]</c>: the log-mel matrices [frames x mels] of a split's training and test
    /// clips as .npy files (OUT/train/NAME.npy, OUT/test/NAME.npy), to feed a Python peer the same features.
    /// </summary>
    public static void Export(string[] args)
    {
        var preset = AutoencoderPreset.FromName(args.Length > 3 ? args[3] : AutoencoderPreset.Default.Name);
        var catalog = ClipCatalog.Discover(args[1]);
        var extractor = new ClipFeatureExtractor(preset.Features);
        foreach (var (split, selection) in new[] { ("train", ClipSelection.Training(catalog, null, null)), ("test", ClipSelection.Test(catalog, null, null)) })
        {
            string folder = Path.Combine(args[2], split);
            Directory.CreateDirectory(folder);
            foreach (var clip in selection.Clips)
            {
                NpyFile.Write(Path.Combine(folder, Path.ChangeExtension(clip.FileName, ".npy")), extractor.LogMel(clip.Path));
            }
        }
    }

    private static double[] Average(IEnumerable<double[]> scores)
    {
        var list = scores.ToList();
        return [.. Enumerable.Range(0, list[0].Length).Select(i => list.Average(s => s[i]))];
    }
}
