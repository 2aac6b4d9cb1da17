using Auscult.Data;
using Auscult.Evaluation;

namespace Auscult.Tests.Evaluation;

public class DetectionEvaluationTests
{
    private static readonly ScoredClip[] Clips =
    [
        new("a/n1.wav", "fan id_00", false, 0.1), new("a/n2.wav", "fan id_00", false, 0.4), new("a/x1.wav", "fan id_00", true, 0.9),
        new("b/n1.wav", "fan id_02", false, 0.3), new("b/x1.wav", "fan id_02", true, 0.35), new("b/x2.wav", "fan id_02", true, 0.2),
    ];

    [Fact]
    public void Compute_OnLabelledGroupedScores_GivesPooledAndPerGroupFigures()
    {
        var evaluation = DetectionEvaluation.Compute(Clips, threshold: 0.35);

        // Pooled: 3 normal, 3 anomalous; pairs (normal < anomalous) out of 9: 0.9 beats all 3, 0.35 beats 0.1 and 0.3,
        // 0.2 beats 0.1: 6 of 9.
        Assert.Equal(6.0 / 9, evaluation.Auc, 12);
        // score > threshold: 0.9 and the normal 0.4; 0.35 equals the threshold and is decided normal.
        Assert.Equal(new BinaryMetrics(TrueNegatives: 2, FalsePositives: 1, FalseNegatives: 2, TruePositives: 1), evaluation.Metrics);
        Assert.Equal(["fan id_00", "fan id_02"], evaluation.PerMachine.Groups.Select(g => g.Group));
        Assert.Equal(1.0, evaluation.PerMachine.Groups[0].Auc);
        Assert.Equal(0.5, evaluation.PerMachine.Groups[1].Auc);
        Assert.True(evaluation.IsAnomalous(Clips[2]));
        Assert.False(evaluation.IsAnomalous(Clips[4]));
    }

    [Fact]
    public void Summary_CarriesTheEvaluationsFigures()
    {
        var evaluation = DetectionEvaluation.Compute(Clips, threshold: 0.35);
        var summary = EvaluationSummary.Of(evaluation, "m.auscult", "autoencoder", "fan", "gamma", ["c.wav: input unfit: silent"]);
        Assert.Equal(6, summary.Clips);
        Assert.Equal(3, summary.AnomalyClips);
        Assert.Equal(evaluation.Auc, summary.Auc);
        Assert.Equal(evaluation.Metrics, summary.Metrics);
        Assert.Equal(0.75, summary.PerMachine.ArithmeticMeanAuc);
        Assert.Single(summary.InputUnfit);
    }

    [Fact]
    public void Compute_OneClassOnly_IsRefused()
    {
        var error = Assert.ThrowsAny<AuscultException>(() => DetectionEvaluation.Compute(Clips.Where(c => !c.IsAnomaly).ToList(), 0.5));
        Assert.Contains("All 3 test clips are normal", error.Message);
    }

    [Fact]
    public void ScoredClipOf_AnUnlabelledCatalogEntry_NamesTheFile()
    {
        var entry = new CatalogEntry("/data/fan/x.wav", "fan/x.wav", "fan", "id_00", Domain.None, DataSplit.Test, ClipLabel.Unknown);
        var error = Assert.Throws<InputException>(() => ScoredClip.Of(entry, 1.0));
        Assert.Contains("/data/fan/x.wav", error.Message);
    }
}
