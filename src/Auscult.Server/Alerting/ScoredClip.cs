using Auscult.Server.Clips;

namespace Auscult.Server.Alerting;

/// <summary>What the alert rules see of a clip that has just been scored (its score row is written, not yet committed).</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="MachineType">Its type.</param>
/// <param name="At">The clip's time.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Score">The score, when scored.</param>
/// <param name="Threshold">The threshold used, when a model was active.</param>
/// <param name="Kind">The most likely anomaly kind, when named.</param>
/// <param name="ModelId">The model, when one was active.</param>
/// <param name="Health">The clip's input checks.</param>
/// <param name="UnfitReason">Why an input-unfit clip is unfit, in words.</param>
public sealed record ScoredClip(string ClipId, string MachineId, string MachineType, DateTimeOffset At, Verdict Verdict, double? Score, double? Threshold,
    string? Kind, string? ModelId, ClipHealth Health, string? UnfitReason = null);
