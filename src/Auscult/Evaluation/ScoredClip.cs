using Auscult.Data;

namespace Auscult.Evaluation;

/// <summary>A catalogued clip with the anomaly score a detector gave it (higher is more anomalous).</summary>
public sealed record ScoredClip(CatalogEntry Clip, double Score)
{
    /// <summary>The group clips are averaged over, as DCASE reports: machine type and id or section.</summary>
    public string Group => $"{Clip.MachineType} {Clip.MachineId}";
}
