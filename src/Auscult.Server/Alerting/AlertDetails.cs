using Auscult.Server.Alerts;

namespace Auscult.Server.Alerting;

/// <summary>An alert with its history and clips (<c>GET /api/v1/alerts/{id}</c>).</summary>
/// <param name="Alert">The alert.</param>
/// <param name="Events">Its state changes, oldest first.</param>
/// <param name="ClipIds">Its clips.</param>
public sealed record AlertDetails(AlertRecord Alert, IReadOnlyList<AlertEvent> Events, IReadOnlyList<string> ClipIds);
