using Auscult.Server.Alerts;

namespace Auscult.Server.Tests.Alerts;

public class AlertEngineTests
{
    [Theory]
    [InlineData("A")]
    [InlineData("NNANNNANNNAN")]
    [InlineData("ANNANNANNA")]
    public void OneOddClip_NeverAlerts(string script)
    {
        var run = new AlertScript();
        run.Run(script);
        Assert.Empty(run.Changes);
        Assert.Equal(MachineState.Ok, run.State.State);
    }

    [Fact]
    public void TwoOfThree_OpensOneWarning_ThatNotifies()
    {
        var run = new AlertScript();
        run.Run("NNANA");

        Assert.Equal("....o", run.Trace);
        var opened = Assert.Single(run.Changes);
        Assert.True(opened.Notify);
        Assert.Equal(AlertSeverity.Warning, opened.Alert.Severity);
        Assert.Equal(AlertState.Open, opened.Alert.State);
        Assert.Equal(AlertKinds.Anomaly, opened.Alert.Kind);
        Assert.Equal(["clip-0003", "clip-0005"], opened.ClipIds);
        Assert.Equal("2 of the last 3 clips anomalous (scores 6, 6 > threshold 5)", opened.Alert.Reason);
        Assert.Equal(MachineState.Warning, run.State.State);
        Assert.Equal(opened.Alert.Id, run.Outcomes[^1].Clip!.AlertId);
    }

    [Fact]
    public void Reason_GivesTheScoresAndTheThreshold()
    {
        var run = new AlertScript(AlertPolicy.Default with { AlarmScoreFactor = null });
        run.Scored(7.1, threshold: 5.3);
        var opened = run.Scored(6.9, threshold: 5.3);
        var updated = run.Scored(8.2, threshold: 5.3);

        Assert.Equal("2 of the last 2 clips anomalous (scores 7.1, 6.9 > threshold 5.3)", Assert.Single(opened.Changes).Alert.Reason);
        var update = Assert.Single(updated.Changes);
        Assert.Equal(AlertChangeType.Updated, update.Type);
        Assert.Equal("3 of the last 3 clips anomalous (scores 7.1, 6.9, 8.2 > threshold 5.3)", update.Alert.Reason);
    }

    [Fact]
    public void FourOfSix_EscalatesTheWarningToAnAlarm_ThatNotifies()
    {
        var run = new AlertScript();
        run.Run("AANANA");

        Assert.Equal(".o.u.e", run.Trace);
        var escalated = run.Changes[^1];
        Assert.True(escalated.Notify);
        Assert.Equal(AlertSeverity.Alarm, escalated.Alert.Severity);
        Assert.Equal("4 of the last 6 clips anomalous (scores 6, 6, 6, 6 > threshold 5)", escalated.Alert.Reason);
        Assert.Equal(AlertChangeType.Escalated, escalated.Event!.Type);
        Assert.Equal(MachineState.Alarm, run.State.State);
        Assert.Equal(4, escalated.Alert.ClipCount);
        Assert.Single(run.State.OpenAlerts);
    }

    [Fact]
    public void ThreeOfSix_StaysAWarning()
    {
        var run = new AlertScript();
        run.Run("AANNAN");
        Assert.Equal(".o..u.", run.Trace);
        Assert.Equal(AlertSeverity.Warning, run.OpenMachineAlert!.Severity);
    }

    [Fact]
    public void OneScoreAboveTheAlarmFactor_AlarmsAtOnce()
    {
        var run = new AlertScript();
        run.Run("NNH");

        Assert.Equal("..o", run.Trace);
        var opened = run.Changes[0];
        Assert.Equal(AlertSeverity.Alarm, opened.Alert.Severity);
        Assert.Equal("score 9 of one clip passed the alarm threshold 7.5 (1.5 × threshold 5)", opened.Alert.Reason);
        Assert.Equal(9, opened.Alert.PeakScore);
        Assert.Equal(MachineState.Alarm, run.State.State);
    }

    [Fact]
    public void AScoreJustBelowTheAlarmFactor_DoesNotAlarm()
    {
        var run = new AlertScript();
        run.Scored(7.49);
        Assert.Empty(run.Changes);
    }

    [Fact]
    public void AlarmScoreRule_OffWhenNull_OrWhenTheThresholdIsNotPositive()
    {
        var off = new AlertScript(AlertPolicy.Default with { AlarmScoreFactor = null });
        off.Run("NNH");
        Assert.Empty(off.Changes);

        var negative = new AlertScript();
        negative.Scored(100, threshold: -1);
        Assert.Empty(negative.Changes);
    }

    [Fact]
    public void HighScoreDuringAWarning_Escalates()
    {
        var run = new AlertScript();
        run.Run("AAH");
        Assert.Equal(".oe", run.Trace);
        Assert.Equal(AlertSeverity.Alarm, run.OpenMachineAlert!.Severity);
    }

    [Fact]
    public void Clearing_NeedsThreeConsecutiveNormals()
    {
        var run = new AlertScript();
        run.Run("AANNANNN");

        Assert.Equal(".o..u..c", run.Trace);
        var cleared = run.Changes[^1];
        Assert.True(cleared.Notify);
        Assert.Equal(AlertState.Closed, cleared.Alert.State);
        Assert.Equal(run.Clock.GetUtcNow(), cleared.Alert.ClosedAt);
        Assert.Equal("3 consecutive normal clips (threshold 5)", cleared.Event!.Note);
        Assert.Empty(run.State.OpenAlerts);
        Assert.Equal(MachineState.Ok, run.State.State);
    }

    [Fact]
    public void AfterClearing_ANewAlertNeedsNewEvidence()
    {
        var run = new AlertScript();
        run.Run("AANNNANA");
        Assert.Equal(".o..c..o", run.Trace);
        Assert.NotEqual(run.Changes[0].Alert.Id, run.Changes[^1].Alert.Id);
    }

    [Fact]
    public void ClearAfter_IsAnOption()
    {
        var run = new AlertScript(AlertPolicy.Default with { ClearAfter = 1 });
        run.Run("AAN");
        Assert.Equal(".oc", run.Trace);
    }

    [Fact]
    public void APersistentFault_IsOneAlert_UpdatedNotRepeated()
    {
        var run = new AlertScript();
        run.Run("AAAAAAAAAA");

        Assert.Equal(".oue" + "uuuuuu", run.Trace);
        Assert.Single(run.Changes.Select(c => c.Alert.Id).Distinct());
        Assert.Equal(2, run.Notifications.Count);
        Assert.Equal(10, run.OpenMachineAlert!.ClipCount);
        Assert.Equal("clip-0001", run.OpenMachineAlert.FirstClipId);
        Assert.Equal("clip-0010", run.OpenMachineAlert.LastClipId);
        Assert.Equal(2, run.OpenMachineAlert.History.Count);
    }

    [Fact]
    public void AnAcknowledgedAlert_DoesNotNotifyAgainUntilItClears()
    {
        var run = new AlertScript();
        run.Run("AA");
        string id = run.OpenMachineAlert!.Id;
        var ack = run.Apply((engine, state) => engine.Acknowledge(state, id, "ana"));
        Assert.True(Assert.Single(ack.Changes).Notify);

        run.Outcomes.Clear();
        run.Run("AAAANNNAA");

        Assert.Equal("ueuu..c.o", run.Trace);
        Assert.Equal([AlertChangeType.Cleared, AlertChangeType.Opened], run.Notifications.Select(c => c.Type));
        Assert.False(run.Changes.Single(c => c.Type == AlertChangeType.Escalated).Notify);
    }

    [Fact]
    public void InputFaults_OpenAnInputAlert_NeverAMachineAlarm()
    {
        var run = new AlertScript();
        run.Run("NUUUUUUU");

        Assert.Equal("..ouuuuu", run.Trace);
        var opened = run.Changes[0];
        Assert.Equal(AlertKinds.Input, opened.Alert.Kind);
        Assert.Equal(AlertSeverity.Warning, opened.Alert.Severity);
        Assert.Equal("2 of the last 3 clips unfit for scoring (clipping: 12 % of samples at full scale)", opened.Alert.Reason);
        Assert.All(run.Changes, c => Assert.Equal(AlertSeverity.Warning, c.Alert.Severity));
        Assert.Null(run.OpenMachineAlert);
        Assert.Equal(MachineState.InputFault, run.State.State);
        Assert.Equal(Verdict.InputUnfit, run.Outcomes[^1].Clip!.Verdict);
    }

    [Fact]
    public void AnInputAlert_ClearsAfterThreeScoredClips()
    {
        var run = new AlertScript();
        run.Run("UUNNN");
        Assert.Equal(".o..c", run.Trace);
        Assert.Equal(AlertKinds.Input, run.Changes[^1].Alert.Kind);
        Assert.Equal(MachineState.Ok, run.State.State);
    }

    [Fact]
    public void OneUnfitClip_DoesNothing_AndDoesNotBreakTheMachineWindow()
    {
        var run = new AlertScript();
        run.Run("NUNNAUA");
        Assert.Equal("......o", run.Trace);
        Assert.Equal(AlertKinds.Anomaly, run.Changes[0].Alert.Kind);
    }

    [Fact]
    public void AMachineAlarmAndAnInputAlert_AreSeparate()
    {
        var run = new AlertScript();
        run.Run("HUU");
        Assert.Equal("o.o", run.Trace);
        Assert.Equal(2, run.State.OpenAlerts.Count);
        Assert.Equal(MachineState.Alarm, run.State.State);
    }

    [Fact]
    public void NoModelClips_DoNothing()
    {
        var run = new AlertScript();
        run.Run("XXXX");
        Assert.Empty(run.Changes);
        Assert.Equal(MachineState.NoData, run.State.State);
        Assert.Equal(run.Clock.GetUtcNow(), run.State.LastClipAt);
        Assert.Equal(Verdict.NoModel, run.Outcomes[^1].Clip!.Verdict);

        run.Run("AXA");
        Assert.Equal("......o", run.Trace);
    }

    [Fact]
    public void ASilentMachine_GoesOfflineOnTheTick_AndComesBackWithItsNextClip()
    {
        var run = new AlertScript();
        Assert.Equal(MachineState.NoData, run.Engine.Tick(run.State).State.State);

        run.Run("N");
        run.Clock.Advance(TimeSpan.FromMinutes(29));
        var early = run.Apply((engine, state) => engine.Tick(state));
        Assert.False(early.MachineStateChanged);
        Assert.Equal(MachineState.Ok, early.State.State);

        run.Clock.Advance(TimeSpan.FromMinutes(1));
        var offline = run.Apply((engine, state) => engine.Tick(state));
        Assert.True(offline.MachineStateChanged);
        Assert.Equal(MachineState.Offline, offline.State.State);
        Assert.False(run.Apply((engine, state) => engine.Tick(state)).MachineStateChanged);

        var back = run.Run("N");
        Assert.Equal(MachineState.Offline, back.PreviousMachineState);
        Assert.Equal(MachineState.Ok, back.State.State);
    }

    [Fact]
    public void OfflineAfter_IsAnOption()
    {
        var run = new AlertScript(AlertPolicy.Default with { OfflineAfter = TimeSpan.FromHours(2) });
        run.Run("N");
        run.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.NotEqual(MachineState.Offline, run.Engine.Tick(run.State).State.State);
        run.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(MachineState.Offline, run.Engine.Tick(run.State).State.State);
    }

    [Fact]
    public void TheAlertKind_IsTheClassifiersMostFrequentKind()
    {
        var run = new AlertScript();
        run.Scored(6, "clogging");
        run.Scored(6, "unbalance");
        Assert.Equal("unbalance", run.OpenMachineAlert!.Kind);

        var counted = new AlertScript();
        counted.Scored(6, "clogging");
        counted.Scored(6, "clogging");
        counted.Scored(6, "unbalance");
        counted.Scored(6, "unbalance");
        Assert.Equal("clogging", counted.OpenMachineAlert!.Kind);
        Assert.Single(counted.State.OpenAlerts);
    }

    [Fact]
    public void Version_IncrementsWithEveryChange()
    {
        var run = new AlertScript();
        run.Run("NNA");
        Assert.Equal(3, run.State.Version);
    }

    [Fact]
    public void AScoredClipWithoutAScore_IsRefused()
    {
        var run = new AlertScript();
        var e = Assert.Throws<InputException>(() => run.Engine.Observe(run.State, new ClipObservation("c1", Verdict.Normal, null, 5, "m")));
        Assert.Contains("c1", e.Message);
        Assert.Contains("no finite score", e.Message);
    }
}
