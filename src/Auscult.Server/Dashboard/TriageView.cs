namespace Auscult.Server.Dashboard;

/// <summary>Everything the triage page shows for one alert.</summary>
/// <param name="Alert">The alert.</param>
/// <param name="MachineType">Its machine's type.</param>
/// <param name="MachineTitle">Its machine's name (or id).</param>
/// <param name="Clip">The clip to judge (the alert's newest), or null when it has none.</param>
/// <param name="Reference">A normal clip of the same machine to compare with, or null when none is kept.</param>
/// <param name="LikelyKind">The model's most likely kind, or null when it named none.</param>
/// <param name="Kinds">The kinds to choose from: the machine type's known faults and the kinds confirmed before.</param>
/// <param name="Previous">The alert before this one in the queue, or null.</param>
/// <param name="Next">The alert after this one in the queue, or null.</param>
/// <param name="Position">This alert's place in the queue (1-based), or 0 when it waits for no decision.</param>
/// <param name="QueueLength">Alerts waiting for a decision.</param>
public sealed record TriageView(AlertSummary Alert, string MachineType, string MachineTitle, ClipView? Clip, ClipView? Reference, string? LikelyKind,
    IReadOnlyList<string> Kinds, string? Previous, string? Next, int Position, int QueueLength);
