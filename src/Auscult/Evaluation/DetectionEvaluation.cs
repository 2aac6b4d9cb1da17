namespace Auscult.Evaluation;

/// <summary>
/// Everything the evaluation of a detector on labelled test clips reports: ROC AUC and pAUC over all clips and per
/// machine, the decision figures at the threshold (anomaly as the positive class, and mirrored), and the threshold sweep.
/// The same for any detector that gives scores: the autoencoder's reconstruction error or the classifier's probability.
/// </summary>
public sealed class DetectionEvaluation
{
    private DetectionEvaluation(IReadOnlyList<ScoredClip> clips, double threshold, double maxFalsePositiveRate)
    {
        Clips = clips;
        Threshold = threshold;
        MaxFalsePositiveRate = maxFalsePositiveRate;
        bool[] labels = clips.Select(c => c.IsAnomaly).ToArray();
        double[] scores = clips.Select(c => c.Score).ToArray();
        Auc = RocAuc.Compute(labels, scores);
        PartialAuc = RocAuc.Partial(labels, scores, maxFalsePositiveRate);
        Roc = RocCurve.Compute(labels, scores);
        Metrics = BinaryMetrics.At(labels, scores, threshold);
        Sweep = ThresholdSweep.Compute(labels, scores);
        var byGroup = clips.GroupBy(c => c.Group, StringComparer.Ordinal).ToList();
        var complete = byGroup.Where(g => g.Any(c => c.IsAnomaly) && g.Any(c => !c.IsAnomaly)).ToList();
        PerMachine = ScoreAggregate.Compute(complete.SelectMany(g => g), maxFalsePositiveRate);
        GroupsWithOneClass = byGroup.Except(complete).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The clips evaluated, in the order given.</summary>
    public IReadOnlyList<ScoredClip> Clips { get; }

    /// <summary>The decision threshold: a clip is anomalous when its score is above it.</summary>
    public double Threshold { get; }

    /// <summary>The false positive rate bounding the pAUC (DCASE: 0.1).</summary>
    public double MaxFalsePositiveRate { get; }

    /// <summary>ROC AUC over all clips pooled.</summary>
    public double Auc { get; }

    /// <summary>McClish-standardised pAUC over all clips pooled.</summary>
    public double PartialAuc { get; }

    public RocCurve Roc { get; }

    /// <summary>Confusion counts, precision, recall, F1 and accuracy at <see cref="Threshold"/>.</summary>
    public BinaryMetrics Metrics { get; }

    public ThresholdSweep Sweep { get; }

    /// <summary>AUC and pAUC per machine type and id (or section), with their arithmetic and harmonic means.</summary>
    public ScoreAggregate PerMachine { get; }

    /// <summary>Machines whose test clips are all of one class: they count in the pooled figures but have no AUC of their own.</summary>
    public IReadOnlyList<string> GroupsWithOneClass { get; }

    /// <summary>Whether the evaluation's threshold decides <paramref name="clip"/> anomalous (<see cref="DecisionRule"/>).</summary>
    public bool IsAnomalous(ScoredClip clip) => DecisionRule.IsAnomalous(clip.Score, Threshold);

    /// <summary>Evaluates labelled, grouped scores (from any source: catalogued files, a service's labelled clips).</summary>
    /// <exception cref="AuscultException">No clips, or only one class present.</exception>
    public static DetectionEvaluation Compute(IReadOnlyList<ScoredClip> clips, double threshold, double maxFalsePositiveRate = 0.1)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
        {
            throw new InputException("There are no test clips to evaluate.");
        }

        if (clips.All(c => !c.IsAnomaly) || clips.All(c => c.IsAnomaly))
        {
            string only = clips[0].IsAnomaly ? "anomalous" : "normal";
            throw new InputException($"All {clips.Count} test clips are {only}; evaluation needs both normal and anomalous clips.");
        }

        return new DetectionEvaluation(clips, threshold, maxFalsePositiveRate);
    }
}
