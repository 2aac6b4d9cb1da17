namespace Auscult.Data;

/// <summary>The classes a supervised classifier learns from labelled clips: normal, then anomalous or each anomaly kind.</summary>
/// <param name="Classes">The class index of each clip: 0 normal, 1.. anomalous (or its kind).</param>
/// <param name="Names">Class names by index: <c>normal</c>, then <c>anomaly</c> or the kinds in ordinal order.</param>
public sealed record SupervisedLabels(int[] Classes, IReadOnlyList<string> Names)
{
    /// <summary>
    /// Clips a kind needs to become a class of its own: as many as the classifier needs to beat the autoencoder at
    /// all (<see cref="ModelAdvisor.ClassifierBreakEvenAnomalies"/>). Fewer, and splitting the faults into kinds
    /// cost detection: on the demo's set (26-32 clips a kind) four classes reached test ROC AUC 0.881 against 0.931
    /// for normal vs anomaly; on a set with 160 a kind, 0.962 against 0.969 (README).
    /// </summary>
    public const int MinimumClipsPerKind = ModelAdvisor.ClassifierBreakEvenAnomalies;

    /// <summary>Whether the classes name anomaly kinds (more than normal and anomaly).</summary>
    public bool IsMultiClass => Names.Count > 2;

    /// <summary>
    /// Binary classes, or one class per anomaly kind when every anomalous clip names its kind
    /// (<see cref="CatalogEntry.AnomalyKind"/>), there are at least two kinds, and each has
    /// <paramref name="minimumClipsPerKind"/> clips; otherwise a kind the model could not learn would cost the others.
    /// </summary>
    public static SupervisedLabels For(IReadOnlyList<CatalogEntry> clips, int minimumClipsPerKind = MinimumClipsPerKind)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumClipsPerKind, 2); // one to train on, one to validate with
        var anomalous = clips.Where(c => c.Label == ClipLabel.Anomaly).ToList();
        var kinds = anomalous.Select(c => c.AnomalyKind).Distinct().ToList();
        bool multiClass = anomalous.Count > 0
            && kinds.All(k => k is not null)
            && kinds.Count >= 2
            && anomalous.GroupBy(c => c.AnomalyKind).All(g => g.Count() >= minimumClipsPerKind);
        if (!multiClass)
        {
            return new SupervisedLabels([.. clips.Select(c => c.Label == ClipLabel.Anomaly ? 1 : 0)], ["normal", "anomaly"]);
        }

        var ordered = kinds.Select(k => k!).Order(StringComparer.Ordinal).ToList();
        return new SupervisedLabels(
            [.. clips.Select(c => c.Label == ClipLabel.Anomaly ? 1 + ordered.IndexOf(c.AnomalyKind!) : 0)],
            ["normal", .. ordered]);
    }
}
