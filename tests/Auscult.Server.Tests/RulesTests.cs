using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Clips;
using Auscult.Server.Machines;

namespace Auscult.Server.Tests;

/// <summary>The small rules the service applies without a database: wire names, alert transitions, machine states.</summary>
public sealed class RulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WireNames_AreOperationsMdsWords_BothWays()
    {
        Assert.Equal(["normal", "anomalous", "input-unfit", "no-model"], Enum.GetValues<Verdict>().Select(WireNames.Of));
        Assert.Equal(["ok", "learning", "warning", "alarm", "input-fault", "offline", "no-data"], Enum.GetValues<MachineState>().Select(WireNames.Of));
        Assert.Equal(["open", "acknowledged", "confirmed", "rejected", "closed"], Enum.GetValues<AlertState>().Select(WireNames.Of));
        Assert.Equal(Verdict.InputUnfit, WireNames.Parse<Verdict>("input-unfit"));
        Assert.Null(WireNames.TryParse<Verdict>("InputUnfit"));
        Assert.Contains("no-model", Assert.Throws<InputException>(() => WireNames.Parse<Verdict>("maybe")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AlertState.Open, AlertState.Acknowledged, true)]
    [InlineData(AlertState.Open, AlertState.Confirmed, true)]
    [InlineData(AlertState.Acknowledged, AlertState.Rejected, true)]
    [InlineData(AlertState.Confirmed, AlertState.Closed, true)]
    [InlineData(AlertState.Acknowledged, AlertState.Open, false)]
    [InlineData(AlertState.Acknowledged, AlertState.Acknowledged, false)]
    [InlineData(AlertState.Confirmed, AlertState.Rejected, false)]
    [InlineData(AlertState.Closed, AlertState.Open, false)]
    [InlineData(AlertState.Closed, AlertState.Closed, false)]
    public void AlertTransitions_FollowOpenAcknowledgedDecidedClosed(AlertState from, AlertState to, bool allowed) =>
        Assert.Equal(allowed, AlertTransitions.IsAllowed(from, to));

    private static ScorePoint Score(Verdict verdict) => new("c", "fan-01", Now, Now, "m", 1, 2, verdict, null, null, null);

    private static AlertRecord Alert(string kind, AlertSeverity severity, AlertState state = AlertState.Open) =>
        new("a", "fan-01", kind, state, severity, Now, Now, null, null, null, 1, null, null, null);

    [Fact]
    public void MachineState_NoClipIsNoData()
    {
        Assert.Equal(MachineState.NoData, MachineStates.Evaluate(null, [], null, Now, TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void MachineState_AlarmBeatsWarningBeatsOfflineBeatsInputFault()
    {
        var offline = Now.AddHours(-1);
        var span = TimeSpan.FromMinutes(15);

        Assert.Equal(MachineState.Alarm,
            MachineStates.Evaluate(Score(Verdict.InputUnfit), [Alert("anomaly", AlertSeverity.Warning), Alert("bearing", AlertSeverity.Alarm)], offline, Now, span));
        Assert.Equal(MachineState.Warning, MachineStates.Evaluate(Score(Verdict.Normal), [Alert("anomaly", AlertSeverity.Warning)], offline, Now, span));
        Assert.Equal(MachineState.Offline, MachineStates.Evaluate(Score(Verdict.InputUnfit), [], offline, Now, span));
        Assert.Equal(MachineState.InputFault, MachineStates.Evaluate(Score(Verdict.InputUnfit), [], Now, Now, span));
        Assert.Equal(MachineState.Ok, MachineStates.Evaluate(Score(Verdict.Anomalous), [], Now, Now, span));
    }

    [Fact]
    public void MachineState_AnInputAlertIsAnInputFault_NeverAnAlarm()
    {
        var state = MachineStates.Evaluate(Score(Verdict.Normal), [Alert(MachineStates.InputAlertKind, AlertSeverity.Alarm)], Now, Now, TimeSpan.FromMinutes(15));

        Assert.Equal(MachineState.InputFault, state);
    }

    [Fact]
    public void MachineState_ARejectedAlertRaisesNothing()
    {
        var state = MachineStates.Evaluate(Score(Verdict.Normal), [Alert("anomaly", AlertSeverity.Alarm, AlertState.Rejected)], Now, Now, TimeSpan.FromMinutes(15));

        Assert.Equal(MachineState.Ok, state);
    }
}
