using Auscult.Torch.Classifier;
using Auscult.Torch.Scoring;

namespace Auscult.Torch.Tests.Classifier;

public sealed class OcclusionTests
{
    [Fact]
    public void Occlusion_OfAnAnomalousClip_PointsAtItsToneBand()
    {
        var (clips, classes) = BandImages.Make(normal: 30, anomalous: 15, seed: 1);
        using var model = new ClassifierTrainer(BandImages.Options()).Train(clips, classes, BandImages.Tiny());
        var (test, testClasses) = BandImages.Make(normal: 0, anomalous: 6, seed: 5);

        int located = 0;
        foreach (var clip in test)
        {
            var (probability, map) = model.Occlusion(clip);
            Assert.Equal(model.AnomalyProbability(clip), probability, 12);
            Assert.Equal((clip.Rows, clip.Columns), (map.Rows, map.Columns));
            Assert.All(map.Data, v => Assert.True(v >= 0 && float.IsFinite(v)));

            // The tone is the band (and its neighbour) raised by 3 in every frame; the map's per-band mass should peak there.
            int tone = Enumerable.Range(0, BandImages.Mels - 1).MaxBy(b => Enumerable.Range(0, clip.Rows).Sum(t => clip[t, b] + clip[t, b + 1]));
            var perBand = Enumerable.Range(0, map.Columns).Select(b => Enumerable.Range(0, map.Rows).Sum(t => map[t, b])).ToArray();
            int peak = Array.IndexOf(perBand, perBand.Max());
            if (perBand.Max() > 0 && peak >= tone && peak <= tone + 1)
            {
                located++;
            }
        }

        Assert.True(located >= 5, $"the map's peak band was on the tone in {located} of 6 anomalous clips");
    }

    [Fact]
    public void Occlusion_PatchGridLargerThanTheImage_CoversEveryCellOnce()
    {
        var (clips, classes) = BandImages.Make(normal: 10, anomalous: 6, seed: 3);
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 2)).Train(clips, classes, BandImages.Tiny());
        // More patches than frames or bands: one cell per patch, and nothing fails.
        var (_, map) = model.Occlusion(clips[^1], timePatches: 1000, bandPatches: 1000);
        Assert.Equal(clips[^1].Data.Length, map.Data.Length);
    }

    [Fact]
    public void ClassifierScorer_Explain_ReturnsTheProbabilityAndNamesTheQuantity()
    {
        var (clips, classes) = BandImages.Make(normal: 10, anomalous: 6, seed: 3);
        using var model = new ClassifierTrainer(BandImages.Options(maxEpochs: 2)).Train(clips, classes, BandImages.Tiny());
        using IAnomalyScorer scorer = new ClassifierScorer(model);
        var explanation = scorer.Explain(clips[^1]);
        Assert.Equal(scorer.Score(clips[^1]), explanation.Score, 12);
        Assert.Contains("hidden", explanation.Quantity);
    }
}
