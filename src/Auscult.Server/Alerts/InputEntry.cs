namespace Auscult.Server.Alerts;

/// <summary>One clip in a machine's recent input window: scored (fit) or input-unfit.</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="Unfit">Whether its input was unfit for scoring.</param>
/// <param name="Reason">Why, when unfit.</param>
public sealed record InputEntry(string ClipId, bool Unfit, string? Reason);
