using Auscult.Drift;
using Auscult.Server.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.Alerts;

public sealed class AlertEngineDriftTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private AlertEngine Engine() => new(AlertPolicy.Default, _clock);

    private static string Reason(DriftCause cause, string rest = "Check the microphone.") => AlertEngine.DriftReasonPrefix(cause) + rest;

    [Fact]
    public void ACause_OpensOneDriftWarning_ThatNotifies_AndLeavesTheMachineOk()
    {
        var engine = Engine();
        var state = MachineAlertState.Create("fan-01") with { State = MachineState.Ok, LastScoredAt = _clock.GetUtcNow() };

        var outcome = engine.ObserveDrift(state, DriftCause.Environment, Reason(DriftCause.Environment));
        var again = engine.ObserveDrift(outcome.State, DriftCause.Environment, Reason(DriftCause.Environment));

        var opened = Assert.Single(outcome.Changes);
        Assert.Equal(AlertChangeType.Opened, opened.Type);
        Assert.True(opened.Notify);
        Assert.Equal(AlertKinds.Drift, opened.Alert.Kind);
        Assert.Equal(AlertSeverity.Warning, opened.Alert.Severity);
        Assert.Equal("drift: environment. Check the microphone.", opened.Alert.Reason);
        Assert.Equal(MachineState.Ok, outcome.State.State); // no machine warning or alarm from a drift
        Assert.Empty(again.Changes);
        Assert.Equal(outcome.State.Version, again.State.Version);
    }

    [Fact]
    public void NewFigures_UpdateSilently_ANewCauseClosesAndOpens_AndNoneCloses()
    {
        var engine = Engine();
        var state = engine.ObserveDrift(MachineAlertState.Create("fan-01"), DriftCause.OperatingPoint, Reason(DriftCause.OperatingPoint, "Retrain.")).State;

        var updated = engine.ObserveDrift(state, DriftCause.OperatingPoint, Reason(DriftCause.OperatingPoint, "Retrain on the last 7 days."));
        var changed = engine.ObserveDrift(updated.State, DriftCause.Machine, Reason(DriftCause.Machine, "Inspect the machine."));
        var cleared = engine.ObserveDrift(changed.State, DriftCause.None, Reason(DriftCause.None, "Nothing to do."));

        Assert.Equal([AlertChangeType.Updated], updated.Changes.Select(c => c.Type));
        Assert.False(updated.Changes[0].Notify);
        Assert.Equal([AlertChangeType.Cleared, AlertChangeType.Opened], changed.Changes.Select(c => c.Type));
        Assert.All(changed.Changes, c => Assert.True(c.Notify));
        Assert.StartsWith("drift: machine.", Assert.Single(changed.State.OpenAlerts).Reason, StringComparison.Ordinal);
        Assert.Equal([AlertChangeType.Cleared], cleared.Changes.Select(c => c.Type));
        Assert.Empty(cleared.State.OpenAlerts);
    }

    [Fact]
    public void AnAcknowledgedDriftAlert_IsUpdated_NotOpenedAgain()
    {
        var engine = Engine();
        var opened = engine.ObserveDrift(MachineAlertState.Create("fan-01"), DriftCause.Environment, Reason(DriftCause.Environment));
        var acknowledged = engine.Acknowledge(opened.State, opened.Changes[0].Alert.Id, "operator");

        var outcome = engine.ObserveDrift(acknowledged.State, DriftCause.Machine, Reason(DriftCause.Machine, "Inspect the machine."));

        var change = Assert.Single(outcome.Changes);
        Assert.Equal(AlertChangeType.Updated, change.Type);
        Assert.False(change.Notify);
        Assert.Equal(AlertState.Acknowledged, change.Alert.State);
    }
}
