using Auscult.Server.Labels;

namespace Auscult.Server.Dashboard;

/// <summary>What the machine page shows.</summary>
/// <param name="Tile">The machine's tile (state, newest trend, open alerts).</param>
/// <param name="Timeline">Its scores over the shown period, oldest first.</param>
/// <param name="From">The start of the period.</param>
/// <param name="To">The end of the period (now).</param>
/// <param name="Alerts">Its alerts that overlap the period.</param>
/// <param name="Labels">Its labelled clips.</param>
/// <param name="Clips">Its newest clips.</param>
/// <param name="ActiveModelId">The model its clips are scored with, or null.</param>
public sealed record MachineDetails(MachineTile Tile, IReadOnlyList<TrendPoint> Timeline, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<AlertSummary> Alerts, IReadOnlyList<LabelRecord> Labels, IReadOnlyList<ClipView> Clips, string? ActiveModelId);
