using Auscult.Server.Alerts;

namespace Auscult.Server.Tests.Alerts;

public class AlertOperatorTests
{
    [Fact]
    public void Acknowledge_RecordsWhoAndWhen()
    {
        var run = new AlertScript();
        run.Run("AA");
        run.Clock.Advance(TimeSpan.FromMinutes(2));
        var outcome = run.Apply((engine, state) => engine.Acknowledge(state, run.OpenMachineAlert!.Id, "ana"));

        var change = Assert.Single(outcome.Changes);
        Assert.Equal(AlertChangeType.Acknowledged, change.Type);
        Assert.Equal(AlertState.Acknowledged, change.Alert.State);
        Assert.Equal(new AlertEvent(change.Event!.Id, change.Alert.Id, AlertChangeType.Acknowledged, run.Clock.GetUtcNow(), "ana", AlertState.Open, AlertState.Acknowledged, null),
            change.Event);
        Assert.Equal(change.Event, change.Alert.History[^1]);
        Assert.Equal(MachineState.Warning, outcome.State.State);
    }

    [Fact]
    public void AcknowledgingTwice_IsRefused_NamingWhoDidItFirst()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        run.Apply((engine, state) => engine.Acknowledge(state, id, "ana"));

        var e = Assert.Throws<AlertTransitionException>(() => run.Engine.Acknowledge(run.State, id, "bo"));
        Assert.Contains("already acknowledged (by ana at", e.Message);
        Assert.Contains(id, e.Message);
    }

    [Fact]
    public void Confirm_LabelsTheClipsAnomalousOfTheNamedKind()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        run.Apply((engine, state) => engine.Acknowledge(state, id, "ana"));
        var outcome = run.Apply((engine, state) => engine.Confirm(state, id, "bo", "unbalance", "bearing worn, replaced Tuesday"));

        var change = Assert.Single(outcome.Changes);
        Assert.Equal(AlertState.Confirmed, change.Alert.State);
        Assert.Equal("unbalance", change.Alert.ConfirmedKind);
        Assert.Equal(AlertKinds.Anomaly, change.Alert.Kind);
        Assert.Equal("bearing worn, replaced Tuesday", change.Alert.Note);
        Assert.Equal(
            new ClipLabelInstruction(id, AlertScript.Machine, LabelDecision.Anomalous, "unbalance", "bo", run.Clock.GetUtcNow(), "bearing worn, replaced Tuesday"),
            outcome.Labels);
        Assert.Equal([AlertChangeType.Opened, AlertChangeType.Acknowledged, AlertChangeType.Confirmed], change.Alert.History.Select(h => h.Type));
    }

    [Fact]
    public void Confirm_WithoutAKind_KeepsTheAlertsKind_AndWorksFromOpen()
    {
        var run = new AlertScript();
        run.Scored(6, "clogging");
        run.Scored(6, "clogging");
        var outcome = run.Apply((engine, state) => engine.Confirm(state, run.OpenMachineAlert!.Id, "bo"));
        Assert.Equal("clogging", outcome.Labels!.Kind);
    }

    [Theory]
    [InlineData("input")]
    [InlineData("Unbalance")]
    [InlineData("")]
    public void Confirm_RefusesAKindThatIsNotAFaultKind(string kind)
    {
        var run = new AlertScript();
        run.Run("AA");
        var e = Assert.Throws<InputException>(() => run.Engine.Confirm(run.State, run.OpenMachineAlert!.Id, "bo", kind));
        Assert.Contains($"'{kind}'", e.Message);
    }

    [Fact]
    public void Reject_LabelsTheClipsNormal_AndTheMachineIsOkAgain()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        var outcome = run.Apply((engine, state) => engine.Reject(state, id, "ana", "the forklift passed by"));

        Assert.Equal(new ClipLabelInstruction(id, AlertScript.Machine, LabelDecision.Normal, null, "ana", run.Clock.GetUtcNow(), "the forklift passed by"),
            outcome.Labels);
        Assert.Equal(AlertState.Rejected, outcome.State.FindAlert(id)!.State);
        Assert.Equal(MachineState.Ok, outcome.State.State);

        // It stays (quietly) until the machine clears, then closes.
        run.Outcomes.Clear();
        run.Run("AAANNN");
        Assert.Equal("ueu..c", run.Trace);
        Assert.Equal([AlertChangeType.Cleared], run.Notifications.Select(c => c.Type));
        Assert.Equal(AlertState.Closed, run.Changes[^1].Alert.State);
        Assert.Equal(AlertState.Rejected, run.Changes[^1].Event!.From);
    }

    [Fact]
    public void ConfirmingAClosedAlert_IsRefused()
    {
        var run = new AlertScript();
        run.Run("AANNN");
        string id = run.Changes[0].Alert.Id;

        var e = Assert.Throws<AlertTransitionException>(() => run.Engine.Confirm(run.State, id, "bo", "unbalance"));
        Assert.Equal($"Alert {id} is not open on machine fan-01: it has closed, and a closed alert cannot be confirmed.", e.Message);
    }

    [Fact]
    public void RejectingAConfirmedAlert_IsRefused()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        run.Apply((engine, state) => engine.Confirm(state, id, "bo"));

        var e = Assert.Throws<AlertTransitionException>(() => run.Engine.Reject(run.State, id, "ana"));
        Assert.Contains("already confirmed (by bo at", e.Message);
        Assert.Throws<AlertTransitionException>(() => run.Engine.Acknowledge(run.State, id, "ana"));
        Assert.Throws<AlertTransitionException>(() => run.Engine.Confirm(run.State, id, "ana"));
    }

    [Fact]
    public void ConfirmingAnInputAlert_GivesNoLabels_AndTakesNoKind()
    {
        var run = new AlertScript();
        run.Run("UU");
        string id = run.State.AlertOfKind(AlertKinds.Input)!.Id;
        Assert.Throws<InputException>(() => run.Engine.Confirm(run.State, id, "bo", "unbalance"));
        var outcome = run.Apply((engine, state) => engine.Confirm(state, id, "bo", note: "microphone loose"));
        Assert.Null(outcome.Labels);
        Assert.Equal(AlertState.Confirmed, outcome.State.FindAlert(id)!.State);
    }

    [Fact]
    public void OperatorActions_Notify()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        Assert.True(run.Apply((engine, state) => engine.Acknowledge(state, id, "ana")).Changes.Single().Notify);
        Assert.True(run.Apply((engine, state) => engine.Reject(state, id, "ana")).Changes.Single().Notify);
    }

    [Fact]
    public void Drift_OpensAWarningOnce_UpdatesQuietly_AndClears()
    {
        var run = new AlertScript();
        run.Run("N");
        var opened = run.Apply((engine, state) => engine.RaiseDrift(state, "score median up 40 % over 7 days"));
        var change = Assert.Single(opened.Changes);
        Assert.Equal((AlertChangeType.Opened, AlertKinds.Drift, AlertSeverity.Warning, true), (change.Type, change.Alert.Kind, change.Alert.Severity, change.Notify));
        Assert.Equal(MachineState.Ok, opened.State.State);

        var again = run.Apply((engine, state) => engine.RaiseDrift(state, "score median up 45 % over 7 days"));
        Assert.Equal((AlertChangeType.Updated, false), (again.Changes[0].Type, again.Changes[0].Notify));
        Assert.Single(again.State.OpenAlerts);

        var cleared = run.Apply((engine, state) => engine.ClearDrift(state, "back within 5 % of the reference"));
        Assert.Equal(AlertChangeType.Cleared, Assert.Single(cleared.Changes).Type);
        Assert.Empty(cleared.State.OpenAlerts);
        Assert.Empty(run.Apply((engine, state) => engine.ClearDrift(state, "nothing open")).Changes);
    }
}
