using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `configs FOLDER MINUTES [binary] [CONFIG...]`: trains the classifier on a data set's supervised training split, with
/// the classes the CLI uses (one per anomaly kind when the data names kinds; "binary" forces normal vs anomaly), one search
/// over the configurations named (<c>16-32-64:4</c> is channels 16-32-64 at time pooling 4, learning rate 1e-3;
/// <c>16-32-64:4:f</c> the same pooling over time only) or,
/// with none named, the default search space, and prints each trial and the kept model's test figures on the
/// supervised test split. For a synthetic set (a manifest.csv in FOLDER) it also prints the recall per fault severity
/// and the F1 without the mild faults (severity below 0.3), which the synthesis keeps within normal variation.
/// </summary>
internal static class ConfigMeasurement
{
    public static void Run(string[] args)
    {
        string folder = args[1];
        double minutes = double.Parse(args[2], CultureInfo.InvariantCulture);
        bool binary = args.Length > 3 && args[3] == "binary";
        var named = args.Skip(binary ? 4 : 3).ToList();
        var space = named.Count > 0
            ? named.Select(a => a.Split(':')).Select(p => new ClassifierConfig(
                [.. p[0].Split('-').Select(c => int.Parse(c, CultureInfo.InvariantCulture))], int.Parse(p[1], CultureInfo.InvariantCulture), 1e-3,
                Pooling: p.Length > 2 && p[2] == "f" ? GlobalPooling.Time : GlobalPooling.TimeAndFrequency)).ToList()
            : ClassifierSearch.Space(1);
        var catalog = ClipCatalog.Discover(folder);
        var train = ClipSelection.SupervisedTraining(catalog, null, null).Clips;
        var test = ClipSelection.SupervisedTest(catalog, null, null).Clips;
        var extractor = new ClipFeatureExtractor(FeatureOptions.Mimii);
        var trainLogMels = train.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path)).ToArray();
        var testLogMels = test.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path)).ToArray();
        var clock = Stopwatch.StartNew();
        var labels = binary
            ? new SupervisedLabels([.. train.Select(c => c.Label == ClipLabel.Anomaly ? 1 : 0)], ["normal", "anomaly"])
            : SupervisedLabels.For(train);
        Console.WriteLine($"classes: {string.Join(", ", labels.Names)}");
        using var model = new ClassifierTrainer(new ClassifierOptions { Seed = 1 }).TrainAuto(
            trainLogMels, labels.Classes, TimeSpan.FromMinutes(minutes), labels.Names, space: space);
        foreach (var t in model.Training.Trials)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {t.Config.Name,-26} val F1 {t.ValidationF1:F3} loss {t.ValidationLoss:F3} best epoch {t.BestEpoch}/{t.Epochs} {t.Seconds:F0} s ({t.StoppedBy})"));
        }

        bool[] truth = [.. test.Select(c => c.Label == ClipLabel.Anomaly)];
        double[] scores = [.. testLogMels.Select(model.AnomalyProbability)];
        var metrics = BinaryMetrics.At(truth, scores, model.Threshold.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kept {model.Config.Name} after {clock.Elapsed.TotalSeconds:F0} s; test {truth.Length} clips ({truth.Count(l => l)} abnormal): AUC {RocAuc.Compute(truth, scores):F4} pAUC {RocAuc.Partial(truth, scores):F4} F1 {metrics.F1:F3} P {metrics.Precision:F3} R {metrics.Recall:F3}"));

        string manifest = Path.Combine(folder, "manifest.csv");
        if (File.Exists(manifest))
        {
            var severity = File.ReadLines(manifest).Skip(1).Select(l => l.Split(','))
                .ToDictionary(f => Path.GetFullPath(Path.Combine(folder, f[0])), f => double.Parse(f[5], CultureInfo.InvariantCulture));
            double[] sev = [.. test.Select(c => severity[Path.GetFullPath(c.Path)])];
            for (double low = 0.1; low < 0.95; low += 0.1)
            {
                var band = Enumerable.Range(0, truth.Length).Where(i => truth[i] && sev[i] >= low - 1e-9 && sev[i] < low + 0.1 - 1e-9).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  severity {low:F1}-{low + 0.1:F1}: {band.Count(i => scores[i] > model.Threshold.Value)}/{band.Count} detected"));
            }

            var clear = Enumerable.Range(0, truth.Length).Where(i => !truth[i] || sev[i] >= 0.3).ToList();
            var clearMetrics = BinaryMetrics.At([.. clear.Select(i => truth[i])], [.. clear.Select(i => scores[i])], model.Threshold.Value);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"without faults of severity < 0.3 ({clear.Count} clips): F1 {clearMetrics.F1:F3} P {clearMetrics.Precision:F3} R {clearMetrics.Recall:F3}"));
        }
    }
}
