using Auscult.Server.Alerts;

namespace Auscult.Server.Dashboard;

/// <summary>What the overview shows of one machine.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its human name, or null.</param>
/// <param name="MachineType">Its type.</param>
/// <param name="Site">Its site, or null.</param>
/// <param name="State">Its state.</param>
/// <param name="Trend">Its newest scores, oldest first.</param>
/// <param name="OpenAlerts">Its alerts that are not closed, newest first.</param>
public sealed record MachineTile(string Id, string? Name, string MachineType, string? Site, MachineState State, IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<AlertSummary> OpenAlerts)
{
    /// <summary>The newest score, or null before the first clip.</summary>
    public TrendPoint? Latest => Trend.Count == 0 ? null : Trend[^1];

    /// <summary>The name to show: the human name, else the id.</summary>
    public string Title => Name ?? Id;
}
