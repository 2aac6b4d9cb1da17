using Auscult.Features;
using Auscult.Torch.Scoring;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

public sealed class AutoencoderScorerTests : IDisposable
{
    private readonly TrainingResult _trained = new AutoencoderTrainer(TinyData.Preset(epochs: 30), seed: 7).Train(TinyData.Normal(8));

    public void Dispose() => _trained.Dispose();

    [Fact]
    public void Score_PerVectorAndPerBandErrors_HaveTheirShapesAndAverageToTheScore()
    {
        var result = new AutoencoderScorer(_trained.Model).Score(TinyData.Normal(1, frames: 25, seed: 3)[0]);

        Assert.Equal(25 - 3 + 1, result.VectorErrors.Length);
        Assert.Equal(8, result.BandErrors.Length);
        Approx.AssertClose(result.Score, result.VectorErrors.Average(e => (double)e), 1e-9, 1e-5);
        Approx.AssertClose(result.Score, result.BandErrors.Average(e => (double)e), 1e-9, 1e-5);
    }

    [Fact]
    public void Score_MatchesAHandComputedMeanSquaredError()
    {
        // The score is the mean over vectors and values of (x - model(x))^2; recompute it from one vector at a time.
        var clip = TinyData.Normal(1, frames: 6, seed: 4)[0];
        var scorer = new AutoencoderScorer(_trained.Model);
        var whole = scorer.Score(clip);
        for (int t = 0; t < 4; t++)
        {
            var single = new FeatureMatrix(clip.Data.AsSpan(t * 8, 3 * 8).ToArray(), 3, 8);
            Approx.AssertClose(whole.VectorErrors[t], scorer.Score(single).Score, 1e-7, 1e-4);
        }
    }

    [Fact]
    public void Score_AnomalousClip_ScoresAboveNormalClips()
    {
        var scorer = new AutoencoderScorer(_trained.Model);
        double normal = TinyData.Normal(5, seed: 11).Max(c => scorer.Score(c).Score);
        double anomalous = scorer.Score(TinyData.Anomalous()).Score;
        Assert.True(anomalous > 3 * normal, $"anomalous {anomalous}, highest normal {normal}");
    }

    [Fact]
    public void Score_WrongMelBandCount_Throws()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => new AutoencoderScorer(_trained.Model).Score(new FeatureMatrix(10, 16)));
        Assert.Contains("16 mel bands", ex.Message);
    }

    [Fact]
    public void Explain_ErrorMapHasTheClipsShape_AndReweightedByCoverageGivesTheScore()
    {
        FeatureMatrix clip = TinyData.Normal(1, frames: 25, seed: 3)[0];
        var (score, map) = new AutoencoderScorer(_trained.Model).Explain(clip);
        Assert.Equal((clip.Rows, clip.Columns), (map.Rows, map.Columns));
        Assert.All(map.Data, e => Assert.True(e >= 0 && float.IsFinite(e)));

        // Each frame is the mean over the vectors covering it; weighting back by that count sums every squared error once.
        int k = _trained.Model.Preset.Features.ContextFrames;
        int vectors = clip.Rows - k + 1;
        double total = 0;
        for (int f = 0; f < map.Rows; f++)
        {
            int cover = Math.Min(f, vectors - 1) - Math.Max(0, f - k + 1) + 1;
            foreach (float e in map.Row(f))
            {
                total += e * cover;
            }
        }

        Assert.Equal(score.Score, total / (vectors * k * clip.Columns), 4);
        Assert.Equal(new AutoencoderScorer(_trained.Model).Score(clip).Score, score.Score);
    }

    [Fact]
    public void Explain_ThroughTheScorerInterface_GivesTheSameScoreAndMap()
    {
        FeatureMatrix clip = TinyData.Normal(1, frames: 25, seed: 3)[0];
        using var scorer = new AutoencoderScorer(_trained.Model);
        var (score, map) = scorer.Explain(clip);
        var explanation = ((IAnomalyScorer)scorer).Explain(clip);
        Assert.Equal(score.Score, explanation.Score);
        Assert.Equal(map.Data, explanation.Map.Data);
        Assert.Equal("Reconstruction error", explanation.Quantity);
    }
}
