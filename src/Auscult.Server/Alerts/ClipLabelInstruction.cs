namespace Auscult.Server.Alerts;

/// <summary>
/// An operator's decision turned into labels: every clip of <see cref="AlertId"/> (the clips its changes linked) gets
/// <see cref="Label"/>; a later decision on a clip replaces an earlier one.
/// </summary>
/// <param name="AlertId">The alert whose clips are labelled.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Label">Normal (rejected) or anomalous (confirmed).</param>
/// <param name="Kind">The fault kind of an anomalous label; null for normal.</param>
/// <param name="By">The operator.</param>
/// <param name="At">When.</param>
/// <param name="Note">The operator's note.</param>
public sealed record ClipLabelInstruction(string AlertId, string MachineId, LabelDecision Label, string? Kind, string By, DateTimeOffset At, string? Note);
