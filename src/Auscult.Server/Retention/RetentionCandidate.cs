namespace Auscult.Server.Retention;

/// <summary>A clip retention has to decide on: older than the age limit, audio stored, not decided yet.</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="MachineId">Its machine.</param>
/// <param name="ReceivedAt">When it was received (what the age and the sample period are counted on).</param>
/// <param name="Verdict">Its first verdict, or null without a score.</param>
/// <param name="InAlert">Whether it is in an alert.</param>
/// <param name="Labelled">Whether it is labelled.</param>
public sealed record RetentionCandidate(string ClipId, string MachineId, DateTimeOffset ReceivedAt, Verdict? Verdict, bool InAlert, bool Labelled);
