using Auscult.Audio;
using Auscult.Data;
using Auscult.Drift;
using Auscult.Scoring;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Torch.Tests.Workflows;

/// <summary>The training and evaluation workflows as a host runs them, on 1-s machine-like clips written to disk.</summary>
public sealed class WorkflowTests : IDisposable
{
    private const int Rate = 16_000;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private CatalogEntry Clip(string name, ClipLabel label, int seed, bool whine = false, bool silent = false)
    {
        var random = new Random(seed);
        var x = new float[Rate];
        for (int i = 0; i < x.Length && !silent; i++)
        {
            double t = (double)i / Rate;
            double v = (0.1 * Math.Sin(2 * Math.PI * 120 * t)) + (0.05 * Math.Sin(2 * Math.PI * 240 * t)) + (0.02 * ((random.NextDouble() * 2) - 1));
            x[i] = (float)(v + (whine ? 0.2 * Math.Sin(2 * Math.PI * 3000 * t) : 0));
        }

        string path = _temp.Combine(name);
        WavWriter.Write(path, AudioClip.Mono(x, Rate, name));
        return new CatalogEntry(path, name, "fan", "id_00", Domain.None, DataSplit.Test, label);
    }

    private ClipSelection.Selection Normals(int count) =>
        new(_temp.Path, "fan", "id_00", [.. Enumerable.Range(0, count).Select(i => Clip($"train_{i}.wav", ClipLabel.Normal, seed: i))]);

    [Fact]
    public void TrainThenEvaluate_ReportsEachStep_FitsAThresholdOnUnseenScores_AndLeavesOutUnfitClips()
    {
        var steps = new List<string>();
        var progress = new SynchronousProgress<WorkflowProgress>(p =>
        {
            if (steps.Count == 0 || steps[^1] != p.Step)
            {
                steps.Add(p.Step);
            }
        });
        var options = new AutoencoderTrainingOptions { Preset = TinyData.Preset(epochs: 40), Seed = 1 };

        using TrainedAutoencoder trained = AutoencoderTraining.Train(Normals(8), options, progress);
        string path = _temp.Combine("hum.auscult");
        trained.Bundle.Save(path);

        Assert.Equal(["features", $"training {options.Preset.Name}", "cross-fitting the threshold"], steps);
        Assert.Equal(8, trained.ClipCount);
        Assert.NotNull(trained.Unseen);
        Assert.Equal(8, (int)trained.Bundle.Manifest.Threshold!.Parameters["unseenClips"]);

        var test = new ClipSelection.Selection(_temp.Path, "fan", "id_00",
        [
            Clip("normal_0.wav", ClipLabel.Normal, seed: 100), Clip("normal_1.wav", ClipLabel.Normal, seed: 101),
            Clip("normal_2.wav", ClipLabel.Normal, seed: 102), Clip("silent.wav", ClipLabel.Normal, seed: 103, silent: true),
            Clip("anomaly_0.wav", ClipLabel.Anomaly, seed: 200, whine: true), Clip("anomaly_1.wav", ClipLabel.Anomaly, seed: 201, whine: true),
        ]);
        using var detector = Detector.Load(path);
        EvaluatedModel evaluated = ModelEvaluation.Evaluate(detector, "hum.auscult", test, maxParallelism: 2);

        Assert.Equal(5, evaluated.Summary.Clips);
        Assert.Equal(2, evaluated.Summary.AnomalyClips);
        Assert.Equal(ScoreVerdict.InputUnfit, Assert.Single(evaluated.Unfit).Verdict);
        Assert.StartsWith($"{test.Clips[3].Path}: ", Assert.Single(evaluated.Summary.InputUnfit));
        Assert.Equal(1.0, evaluated.Summary.Auc);
        Assert.Equal(detector.Threshold.Value, evaluated.Summary.Threshold);
        // The evaluation's scores are the detector's decisions, clip by clip.
        Assert.Equal(detector.Decide(test.Clips[4].Path).Score, evaluated.Evaluation.Clips.Single(c => c.Clip == "anomaly_0.wav").Score);
    }

    [Fact]
    public void Train_HoldsOutTheDriftReference_ScoresItWithTheFinalModel_AndTheBundleSaysSo()
    {
        // 25 clips at a fraction of 0.4: 10 held out (the minimum), 15 trained on.
        var options = new AutoencoderTrainingOptions { Preset = TinyData.Preset(epochs: 5), Seed = 3, DriftReferenceFraction = 0.4 };
        using TrainedAutoencoder trained = AutoencoderTraining.Train(Normals(25), options);
        string path = _temp.Combine("hum.auscult");
        trained.Bundle.Save(path);
        using var detector = Detector.Load(path);

        var training = detector.Bundle.Manifest.TrainingData;
        Assert.Equal(10, trained.DriftReferenceClipCount);
        Assert.Equal(15, training.ClipCount);
        Assert.Equal(15, (int)detector.Bundle.Manifest.Threshold!.Parameters["unseenClips"]);
        Assert.NotNull(training.DriftScores);
        Assert.Equal(ReferenceScoreSource.HeldOutClips, training.DriftScores.Source);
        Assert.Equal(10, training.DriftScores.Scores.Count);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
        using (var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
        {
            Assert.Contains("\"driftScores\":{\"source\":\"held-out-clips\"", manifest.ReadToEnd().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        }

        var reference = DriftAnalysis.ReferenceOf(detector.Bundle);
        Assert.Equal(ReferenceScoreSource.HeldOutClips, reference.ScoreSource);
        Assert.Equal(10, reference.ReferenceClipCount);
    }

    [Fact]
    public void SplitReference_IsSeeded_Disjoint_AndHoldsNoneOfATooSmallSet()
    {
        var clips = Enumerable.Range(0, 120).Select(i => new Features.FeatureMatrix(new float[] { i }, 1, 1)).ToArray();
        var options = new AutoencoderTrainingOptions { Seed = 5 };

        var (reference, training) = AutoencoderTraining.SplitReference(clips, options);
        var (again, _) = AutoencoderTraining.SplitReference(clips, options);
        var (other, _) = AutoencoderTraining.SplitReference(clips, options with { Seed = 6 });

        Assert.Equal(12, reference.Length);
        Assert.Equal(108, training.Length);
        Assert.Empty(reference.Intersect(training));
        Assert.Equal(reference, again);
        Assert.NotEqual(reference, other);
        Assert.Empty(AutoencoderTraining.SplitReference(clips[..99], options).Reference); // 9 clips would be too few
        Assert.Empty(AutoencoderTraining.SplitReference(clips, options with { DriftReferenceFraction = 0 }).Reference);
    }

    [Fact]
    public void Evaluate_WithAThresholdChosenOnTheTestClips_UsesItAndNamesTheMethod()
    {
        using TrainedAutoencoder trained = AutoencoderTraining.Train(Normals(4), new AutoencoderTrainingOptions { Preset = TinyData.Preset(epochs: 5) });
        string path = _temp.Combine("hum.auscult");
        trained.Bundle.Save(path);
        var test = new ClipSelection.Selection(_temp.Path, "fan", null,
            [Clip("n.wav", ClipLabel.Normal, seed: 10), Clip("a.wav", ClipLabel.Anomaly, seed: 11, whine: true)]);
        using var detector = Detector.Load(path);

        var evaluated = ModelEvaluation.Evaluate(detector, "m", test, new ThresholdOverride(Evaluation.ThresholdMethod.Fixed, 1e9));

        Assert.Equal("fixed", evaluated.Summary.ThresholdMethod);
        Assert.Equal(1e9, evaluated.Summary.Threshold);
        Assert.Equal(0, evaluated.Summary.Metrics.TruePositives);
    }

    [Fact]
    public void Train_WithNoClips_SaysSo()
    {
        var error = Assert.Throws<InputException>(() =>
            AutoencoderTraining.Train(new ClipSelection.Selection(_temp.Path, "fan", null, []), new AutoencoderTrainingOptions { Preset = TinyData.Preset() }));
        Assert.Contains("no normal clips of 'fan'", error.Message);
    }
}
