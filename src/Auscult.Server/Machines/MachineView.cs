using Auscult.Server.Alerts;
using Auscult.Server.Alerting;
using Auscult.Server.Clips;

namespace Auscult.Server.Machines;

/// <summary>A machine with what an operator wants to see of it (<c>GET /api/v1/machines/{id}</c>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="MachineType">Its type.</param>
/// <param name="Name">Its human name.</param>
/// <param name="Site">Its site.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Options">Its own threshold options.</param>
/// <param name="State">Its state (OPERATIONS.md).</param>
/// <param name="LastClip">Its newest score, or null.</param>
/// <param name="ActiveModelId">The model its clips are scored with, or null.</param>
/// <param name="OpenAlerts">Its alerts that are not closed.</param>
/// <param name="Threshold">Its own threshold for the active model (calibrated or set by hand), or null when the model's applies.</param>
public sealed record MachineView(string Id, string MachineType, string? Name, string? Site, IReadOnlyList<string> Tags, MachineOptions Options,
    MachineState State, ScorePoint? LastClip, string? ActiveModelId, IReadOnlyList<AlertRecord> OpenAlerts, MachineThreshold? Threshold = null);
