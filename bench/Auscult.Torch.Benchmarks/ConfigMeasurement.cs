using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// `configs FOLDER MINUTES CONFIG...`: trains the classifier on a data set's supervised training split, one search over
/// just the configurations named (<c>16-32-64:4</c> is channels 16-32-64 at time pooling 4, learning rate 1e-3), and
/// prints each trial and the kept model's test figures on the supervised test split.
/// For comparing design choices on real or synthetic sets of any size.
/// </summary>
internal static class ConfigMeasurement
{
    public static void Run(string[] args)
    {
        string folder = args[1];
        double minutes = double.Parse(args[2], CultureInfo.InvariantCulture);
        var space = args.Skip(3).Select(a => a.Split(':')).Select(p => new ClassifierConfig(
            [.. p[0].Split('-').Select(c => int.Parse(c, CultureInfo.InvariantCulture))], int.Parse(p[1], CultureInfo.InvariantCulture), 1e-3)).ToList();
        var catalog = ClipCatalog.Discover(folder);
        var train = ClipSelection.SupervisedTraining(catalog, null, null).Clips;
        var test = ClipSelection.SupervisedTest(catalog, null, null).Clips;
        var extractor = new ClipFeatureExtractor(FeatureOptions.Mimii);
        var trainLogMels = train.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path)).ToArray();
        var testLogMels = test.AsParallel().AsOrdered().Select(c => extractor.LogMel(c.Path)).ToArray();
        var clock = Stopwatch.StartNew();
        using var model = new ClassifierTrainer(new ClassifierOptions { Seed = 1 }).TrainAuto(
            trainLogMels, [.. train.Select(c => c.Label == ClipLabel.Anomaly ? 1 : 0)], TimeSpan.FromMinutes(minutes), space: space);
        foreach (var t in model.Training.Trials)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {t.Config.Name,-26} val F1 {t.ValidationF1:F3} loss {t.ValidationLoss:F3} best epoch {t.BestEpoch}/{t.Epochs} {t.Seconds:F0} s ({t.StoppedBy})"));
        }

        bool[] labels = [.. test.Select(c => c.Label == ClipLabel.Anomaly)];
        double[] scores = [.. testLogMels.Select(model.AnomalyProbability)];
        var metrics = BinaryMetrics.At(labels, scores, model.Threshold.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kept {model.Config.Name} after {clock.Elapsed.TotalSeconds:F0} s; test {labels.Length} clips ({labels.Count(l => l)} abnormal): AUC {RocAuc.Compute(labels, scores):F4} pAUC {RocAuc.Partial(labels, scores):F4} F1 {metrics.F1:F3} P {metrics.Precision:F3} R {metrics.Recall:F3}"));
    }
}
