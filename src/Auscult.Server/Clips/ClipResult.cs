namespace Auscult.Server.Clips;

/// <summary>The answer to a posted clip; a repeated clip id gets the first answer again.</summary>
/// <param name="ClipId">The server's id of the clip.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Score">The anomaly score; null when unfit or no model.</param>
/// <param name="Threshold">The threshold the verdict used; null when no model.</param>
/// <param name="Verdict">normal, anomalous, input-unfit or no-model.</param>
/// <param name="Kind">The most likely anomaly kind, when the model names kinds.</param>
/// <param name="Health">The clip's input checks.</param>
/// <param name="ModelId">The model that scored it; null when no model.</param>
/// <param name="AlertId">The alert the clip opened or updated, if any.</param>
/// <param name="UnfitReason">Why the input is unfit, in words.</param>
public sealed record ClipResult(string ClipId, string MachineId, double? Score, double? Threshold, Verdict Verdict, string? Kind, ClipHealth Health,
    string? ModelId, string? AlertId, string? UnfitReason);
