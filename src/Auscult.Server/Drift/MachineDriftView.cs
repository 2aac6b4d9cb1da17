using Auscult.Drift;

namespace Auscult.Server.Drift;

/// <summary>A machine's drift as the API and the dashboard show it (<c>GET /api/v1/machines/{id}/drift</c>).</summary>
/// <param name="MachineId">The machine.</param>
/// <param name="ModelId">Its active model, whose reference the clips are compared with; null without one.</param>
/// <param name="ReferenceSource">Where the model's reference scores come from; null without a reference.</param>
/// <param name="Cause">The current verdict (after the persistence rules).</param>
/// <param name="Note">Why there is no verdict (no active model, no reference, no clips yet); null when there is one.</param>
/// <param name="Current">The newest window: its cause, evidence and recommendation; null without clips.</param>
/// <param name="Windows">The reported windows of the last day, oldest first (one an hour).</param>
/// <param name="Alerts">The drift alerts the monitor raised over the stored horizon (two days).</param>
public sealed record MachineDriftView(string MachineId, string? ModelId, ReferenceScoreSource? ReferenceSource, DriftCause Cause, string? Note,
    DriftWindow? Current, IReadOnlyList<DriftWindow> Windows, IReadOnlyList<DriftAlert> Alerts);
