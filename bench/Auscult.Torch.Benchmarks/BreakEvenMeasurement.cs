using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Data.Synthesis;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Classifier;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Training;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `breakeven [budget seconds] [folder]`: how many labelled anomalies the supervised classifier needs before it beats
/// the autoencoder. A synthetic 6 dB fan set (4 ids x 140 normal + 90 abnormal clips); per id the last 40 normal and
/// 40 abnormal clips test. The autoencoder (default preset) trains once on the 100 training normals per id; the
/// classifier trains on the same normals plus the first k anomalies per id, for growing k, each within the budget.
/// Prints ROC AUC, pAUC and F1 at each model's own threshold on the same test clips.
/// </summary>
internal static class BreakEvenMeasurement
{
    private const int NormalPerId = 140, AbnormalPerId = 90, TestPerLabel = 40;

    public static void Run(string[] args)
    {
        double budgetSeconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 90;
        string folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "auscult-breakeven-fan");
        var synthesis = new SynthesisOptions
        {
            OutputFolder = folder,
            MachineTypes = [MachineType.Fan],
            NormalClipsPerId = NormalPerId,
            AbnormalClipsPerId = AbnormalPerId,
            SnrDb = [6.0],
            Seed = 4242,
            Overwrite = true,
        };
        var planned = File.Exists(Path.Combine(folder, SyntheticDatasetWriter.ManifestFileName))
            ? SyntheticDatasetWriter.Plan(synthesis)
            : new SyntheticDatasetWriter().Write(synthesis);

        var test = new List<int>();
        var trainNormal = new List<int>();
        var trainAbnormal = new List<List<int>>(); // per id, in order
        foreach (var group in Enumerable.Range(0, planned.Count).GroupBy(i => planned[i].Spec.MachineId))
        {
            var normal = group.Where(i => planned[i].Spec.Label == ClipLabel.Normal).ToList();
            var abnormal = group.Where(i => planned[i].Spec.Label != ClipLabel.Normal).ToList();
            test.AddRange(normal.Skip(normal.Count - TestPerLabel));
            test.AddRange(abnormal.Skip(abnormal.Count - TestPerLabel));
            trainNormal.AddRange(normal.Take(normal.Count - TestPerLabel));
            trainAbnormal.Add(abnormal.Take(abnormal.Count - TestPerLabel).ToList());
        }

        bool[] labels = [.. test.Select(i => planned[i].Spec.Label != ClipLabel.Normal)];
        Console.WriteLine($"{planned.Count} clips; test {labels.Length} ({labels.Count(l => l)} abnormal); {trainNormal.Count} training normals");

        // The autoencoder, once, with the CLI's defaults (128 mels, dcase2020, gamma threshold).
        var aeExtractor = new ClipFeatureExtractor(AutoencoderPreset.Default.Features);
        FeatureMatrix LogMel(ClipFeatureExtractor e, int i) => e.LogMel(Path.Combine(folder, planned[i].RelativePath));
        var aeTrain = trainNormal.AsParallel().AsOrdered().Select(i => LogMel(aeExtractor, i)).ToArray();
        var aeTest = test.AsParallel().AsOrdered().Select(i => LogMel(aeExtractor, i)).ToArray();
        var clock = Stopwatch.StartNew();
        using (var trained = new AutoencoderTrainer(AutoencoderPreset.Default, seed: 1).Train(aeTrain))
        {
            double[] trainScores = AutoencoderDetector.Score(trained.Model, aeTrain);
            double threshold = ThresholdSelector.Select(ThresholdMethod.Gamma, ThresholdSelector.DefaultGammaQuantile, trainScores).Threshold;
            Print("autoencoder", 0, clock.Elapsed, labels, AutoencoderDetector.Score(trained.Model, aeTest), threshold);
        }

        // The classifier for growing numbers of labelled anomalies, with the CLI's features (64 mels).
        var extractor = new ClipFeatureExtractor(FeatureOptions.Mimii);
        var all = Enumerable.Range(0, planned.Count).AsParallel().AsOrdered().Select(i => LogMel(extractor, i)).ToArray();
        var testLogMels = test.Select(i => all[i]).ToArray();
        foreach (int perId in new[] { 2, 4, 8, 16, 32, 50 })
        {
            var anomalies = trainAbnormal.SelectMany(a => a.Take(perId)).ToList();
            var train = trainNormal.Concat(anomalies).ToList();
            clock.Restart();
            using var model = new ClassifierTrainer(new ClassifierOptions { Seed = 1 }).TrainAuto(
                [.. train.Select(i => all[i])], [.. train.Select(i => planned[i].Spec.Label == ClipLabel.Normal ? 0 : 1)], TimeSpan.FromSeconds(budgetSeconds));
            Print("classifier", anomalies.Count, clock.Elapsed, labels, [.. testLogMels.Select(model.AnomalyProbability)], model.Threshold.Value);
        }
    }

    private static void Print(string name, int anomalies, TimeSpan time, bool[] labels, double[] scores, double threshold)
    {
        var metrics = BinaryMetrics.At(labels, scores, threshold);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-11} labelled anomalies {anomalies,3}: AUC {RocAuc.Compute(labels, scores):F3} pAUC {RocAuc.Partial(labels, scores):F3} F1 {metrics.F1:F3} (P {metrics.Precision:F3} R {metrics.Recall:F3}) trained in {time.TotalSeconds:F0} s"));
    }
}
