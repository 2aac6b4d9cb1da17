namespace Auscult.Server.Alerts;

/// <summary>What one engine call decided: the machine's next state and the alert changes to persist and notify.</summary>
/// <param name="State">The machine's new state (store it in the same transaction as the changes).</param>
/// <param name="Changes">Alert changes, in order; empty when nothing changed.</param>
/// <param name="PreviousMachineState">The machine state before the call (publish <see cref="MachineAlertState.State"/> when it differs).</param>
/// <param name="Clip">For <see cref="AlertEngine.Observe"/>: how the clip was judged; else null.</param>
/// <param name="Labels">For confirm and reject of a machine alert: the labels its clips get; else null.</param>
public sealed record AlertOutcome(
    MachineAlertState State,
    IReadOnlyList<AlertChange> Changes,
    MachineState PreviousMachineState,
    ClipAssessment? Clip = null,
    ClipLabelInstruction? Labels = null)
{
    /// <summary>Whether the machine's state changed (e.g. ok to warning, learning to ok, to offline).</summary>
    public bool MachineStateChanged => State.State != PreviousMachineState;

    /// <summary>The changes people should hear of (<see cref="AlertChange.Notify"/>).</summary>
    public IEnumerable<AlertChange> Notifications => Changes.Where(c => c.Notify);
}
