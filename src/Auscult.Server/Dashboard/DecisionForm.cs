namespace Auscult.Server.Dashboard;

/// <summary>The triage form: which button was pressed, the kind (chosen or new) and a note.</summary>
public sealed class DecisionForm
{
    /// <summary>The pressed button: <c>confirm</c> or <c>reject</c>.</summary>
    public string? Action { get; set; }

    /// <summary>The kind chosen from the list.</summary>
    public string? Kind { get; set; }

    /// <summary>A new kind typed in (wins over the list).</summary>
    public string? NewKind { get; set; }

    /// <summary>The operator's note.</summary>
    public string? Note { get; set; }
}
