using Auscult.Server.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.Alerts;

/// <summary>
/// The alert rates <see cref="AlertPolicy"/>'s remarks quote for a normal machine, checked on the engine itself: clips
/// anomalous independently with probability p, one every 5 minutes, 300 simulated days (86,400 clips).
/// </summary>
public class AlertRateTests
{
    [Theory]
    [InlineData(0.10, 3.9, 4.7, 0.12, 0.32)]
    [InlineData(0.05, 1.1, 1.45, 0.0, 0.06)]
    [InlineData(0.01, 0.03, 0.1, 0.0, 0.01)]
    public void ANormalMachine_AlertsAtTheDocumentedRate(double p, double minWarnings, double maxWarnings, double minAlarms, double maxAlarms)
    {
        const int days = 300;
        var clock = new FakeTimeProvider();
        var engine = new AlertEngine(AlertPolicy.Default, clock);
        var random = new Random(2026);
        var state = MachineAlertState.Create("fan-01");
        int warnings = 0, alarms = 0;
        for (int i = 0; i < days * 288; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            bool anomalous = random.NextDouble() < p;
            var outcome = engine.Observe(state, new ClipObservation($"c{i}", anomalous ? Verdict.Anomalous : Verdict.Normal,
                anomalous ? 6 : 4, 5, "model-a"));
            state = outcome.State;
            foreach (var change in outcome.Changes)
            {
                warnings += change is { Type: AlertChangeType.Opened, Alert.Severity: AlertSeverity.Warning } ? 1 : 0;
                alarms += change.Type == AlertChangeType.Escalated || change is { Type: AlertChangeType.Opened, Alert.Severity: AlertSeverity.Alarm } ? 1 : 0;
            }
        }

        Assert.InRange(warnings / (double)days, minWarnings, maxWarnings);
        Assert.InRange(alarms / (double)days, minAlarms, maxAlarms);
    }
}
