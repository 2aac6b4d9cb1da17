namespace Auscult.Server.Alerting;

/// <summary>The optional body of an alert decision.</summary>
/// <param name="Note">A note recorded with the change.</param>
public sealed record AlertNote(string? Note);
