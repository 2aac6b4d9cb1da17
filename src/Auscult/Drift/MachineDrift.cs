namespace Auscult.Drift;

/// <summary>The drift analysis of one machine: its reported windows and the alerts raised.</summary>
/// <param name="MachineId">The machine.</param>
/// <param name="Windows">The reported windows, in time order.</param>
/// <param name="Alerts">Every drift alert raised, in time order.</param>
public sealed record MachineDrift(string MachineId, IReadOnlyList<DriftWindow> Windows, IReadOnlyList<DriftAlert> Alerts);
