using Auscult.Data;

namespace Auscult.Evaluation;

/// <summary>A labelled, grouped anomaly score: what an evaluation needs of one clip, wherever its audio came from.</summary>
/// <param name="Clip">The clip's name in reports and score files (for a catalogued clip, its path relative to the data root).</param>
/// <param name="Group">The group clips are averaged over, as DCASE reports: machine type and id or section.</param>
/// <param name="IsAnomaly">The truth: true for an anomalous clip.</param>
/// <param name="Score">The anomaly score a detector gave it (higher is more anomalous).</param>
public sealed record ScoredClip(string Clip, string Group, bool IsAnomaly, double Score)
{
    /// <summary>The group name of a machine: type and id (or section), e.g. <c>fan id_00</c>.</summary>
    public static string GroupOf(string machineType, string machineId) => $"{machineType} {machineId}";

    /// <summary>A catalogued clip with its score.</summary>
    /// <exception cref="InputException">The clip has no normal/anomaly label, so it cannot be evaluated.</exception>
    public static ScoredClip Of(CatalogEntry clip, double score)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Label == ClipLabel.Unknown)
        {
            throw new InputException($"{clip.Path}: the clip has no normal/anomaly label, so it cannot be evaluated.");
        }

        return new ScoredClip(clip.RelativePath, GroupOf(clip.MachineType, clip.MachineId), clip.Label == ClipLabel.Anomaly, score);
    }
}
