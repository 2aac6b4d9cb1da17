namespace Auscult.Server.Labels;

/// <summary>A labelled clip: training data for the supervised model.</summary>
/// <param name="Id">The label's id.</param>
/// <param name="ClipId">The clip.</param>
/// <param name="MachineId">Its machine.</param>
/// <param name="Label"><c>normal</c> or <c>anomalous</c>.</param>
/// <param name="Kind">For an anomalous clip, the fault's kind.</param>
/// <param name="Source"><c>alert-confirmed</c>, <c>alert-rejected</c> or <c>manual</c>.</param>
/// <param name="AlertId">The alert whose decision made the label.</param>
/// <param name="CreatedBy">Who decided.</param>
/// <param name="CreatedAt">When.</param>
public sealed record LabelRecord(string Id, string ClipId, string MachineId, string Label, string? Kind, string Source, string? AlertId, string CreatedBy,
    DateTimeOffset CreatedAt);
