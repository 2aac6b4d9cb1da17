namespace Auscult.Evaluation;

/// <summary>
/// AUC and pAUC per group and their means, as the DCASE Task 2 baselines report them: the arithmetic mean over
/// machine ids (DCASE 2020) and the harmonic mean over sections (DCASE 2021+).
/// </summary>
/// <remarks>
/// Harmonic means follow scipy.stats.hmean: <c>n / Σ 1/x</c>, and 0 when any value is 0. <see cref="OfficialScore"/> is
/// the harmonic mean of every group's AUC and pAUC together, the form of the DCASE 2021+ ranking score (DCASE 2022+
/// takes AUC per section and domain but pAUC over both domains of a section, which one grouping cannot express).
/// </remarks>
public sealed class ScoreAggregate
{
    private ScoreAggregate(IReadOnlyList<GroupScore> groups)
    {
        Groups = groups;
        ArithmeticMeanAuc = groups.Average(g => g.Auc);
        ArithmeticMeanPartialAuc = groups.Average(g => g.PartialAuc);
        HarmonicMeanAuc = HarmonicMean(groups.Select(g => g.Auc));
        HarmonicMeanPartialAuc = HarmonicMean(groups.Select(g => g.PartialAuc));
        OfficialScore = HarmonicMean(groups.Select(g => g.Auc).Concat(groups.Select(g => g.PartialAuc)));
    }

    /// <summary>One entry per group, ordered by group name (ordinal).</summary>
    public IReadOnlyList<GroupScore> Groups { get; }

    public double ArithmeticMeanAuc { get; }

    public double ArithmeticMeanPartialAuc { get; }

    public double HarmonicMeanAuc { get; }

    public double HarmonicMeanPartialAuc { get; }

    /// <summary>The harmonic mean over every group's AUC and pAUC together.</summary>
    public double OfficialScore { get; }

    /// <summary>The means of groups already scored (e.g. figures a store kept).</summary>
    /// <exception cref="InputException">No groups.</exception>
    public static ScoreAggregate Of(IReadOnlyList<GroupScore> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new InputException("No scored groups to aggregate.");
        }

        return new ScoreAggregate(groups.OrderBy(g => g.Group, StringComparer.Ordinal).ToList());
    }

    /// <summary>Groups the clips and computes each group's AUC and pAUC.</summary>
    /// <param name="clips">Scored clips; every group needs normal and anomalous clips.</param>
    /// <param name="maxFalsePositiveRate">The pAUC range, 0.1 in DCASE.</param>
    /// <exception cref="AuscultException">No clips, or a group lacks one of the classes (the message names the group).</exception>
    public static ScoreAggregate Compute(IEnumerable<ScoredClip> clips, double maxFalsePositiveRate = 0.1)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var groups = new List<GroupScore>();
        foreach (var group in clips.GroupBy(c => c.Group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            bool[] labels = group.Select(c => c.IsAnomaly).ToArray();
            double[] scores = group.Select(c => c.Score).ToArray();
            int anomalies = labels.Count(l => l);
            if (anomalies == 0 || anomalies == labels.Length)
            {
                throw new InputException(
                    $"Group '{group.Key}' has {labels.Length - anomalies} normal and {anomalies} anomalous clips; AUC needs both.");
            }

            groups.Add(new GroupScore(group.Key, labels.Length - anomalies, anomalies,
                RocAuc.Compute(labels, scores), RocAuc.Partial(labels, scores, maxFalsePositiveRate)));
        }

        if (groups.Count == 0)
        {
            throw new InputException("No scored clips to aggregate.");
        }

        return new ScoreAggregate(groups);
    }

    /// <summary>scipy.stats.hmean of non-negative values: n / Σ(1/x), 0 when any value is 0.</summary>
    internal static double HarmonicMean(IEnumerable<double> values)
    {
        int count = 0;
        double reciprocalSum = 0;
        foreach (double v in values)
        {
            if (v == 0)
            {
                return 0;
            }

            reciprocalSum += 1 / v;
            count++;
        }

        return count / reciprocalSum;
    }
}
