namespace Auscult.Server.Alerting;

/// <summary>The body of <c>POST /api/v1/alerts/{id}/confirm</c>.</summary>
/// <param name="Kind">The fault's kind (e.g. <c>bearing</c>, <c>unbalance</c>, or one the operator names); the alert's kind when absent.</param>
/// <param name="Note">A note recorded with the change.</param>
public sealed record AlertConfirmation(string? Kind, string? Note);
