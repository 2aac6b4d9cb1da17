namespace Auscult.Server.Endpoints;

/// <summary>The answer of the health endpoints.</summary>
/// <param name="Status"><c>live</c> or <c>ready</c>.</param>
/// <param name="Database">The database kind, when checked.</param>
public sealed record HealthStatus(string Status, string? Database);
