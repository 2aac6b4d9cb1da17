using Auscult.Server.Alerts;

namespace Auscult.Server.Tests.Alerts;

public class AlertPolicyTests
{
    [Fact]
    public void TheDefaults_AreTheDocumentedOnes()
    {
        var policy = AlertPolicy.Default;
        Assert.Equal((2, 3), (policy.WarningCount, policy.WarningWindow));
        Assert.Equal((4, 6), (policy.AlarmCount, policy.AlarmWindow));
        Assert.Equal(1.5, policy.AlarmScoreFactor);
        Assert.Equal(3, policy.ClearAfter);
        Assert.Equal((2, 3), (policy.InputFaultCount, policy.InputFaultWindow));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.OfflineAfter);
        Assert.False(policy.CalibrationEnabled);
        Assert.Equal(TimeSpan.FromDays(1), policy.CalibrationPeriod);
        Assert.Equal((30, 2_000), (policy.CalibrationMinimumClips, policy.CalibrationMaximumClips));
        Assert.Equal(0.9, policy.CalibrationQuantile);
        Assert.Same(policy, policy.Validate());
    }

    public static TheoryData<AlertPolicy, string> OutOfRange => new()
    {
        { AlertPolicy.Default with { WarningCount = 4 }, "WarningCount is 4; it must lie in [1, 3]" },
        { AlertPolicy.Default with { WarningCount = 0 }, "WarningCount is 0" },
        { AlertPolicy.Default with { AlarmCount = 1 }, "AlarmCount is 1; it must lie in [2, 6]" },
        { AlertPolicy.Default with { AlarmWindow = 101, AlarmCount = 4 }, "AlarmWindow is 101; it must lie in [1, 100]" },
        { AlertPolicy.Default with { AlarmScoreFactor = 1 }, "AlarmScoreFactor is 1" },
        { AlertPolicy.Default with { ClearAfter = 0 }, "ClearAfter is 0" },
        { AlertPolicy.Default with { InputFaultCount = 5 }, "InputFaultCount is 5" },
        { AlertPolicy.Default with { OfflineAfter = TimeSpan.FromMilliseconds(500) }, "OfflineAfter is 00:00:00.5" },
        { AlertPolicy.Default with { CalibrationPeriod = TimeSpan.Zero }, "CalibrationPeriod is 00:00:00" },
        { AlertPolicy.Default with { CalibrationMinimumClips = 2 }, "CalibrationMinimumClips is 2" },
        { AlertPolicy.Default with { CalibrationMinimumClips = 3_000 }, "CalibrationMinimumClips is 3000; it must lie in [3, 2000]" },
        { AlertPolicy.Default with { CalibrationQuantile = 1 }, "CalibrationQuantile is 1" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void AnOptionOutOfRange_IsRefused_NamingItAndItsRange(AlertPolicy policy, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => new AlertEngine(policy, TimeProvider.System));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TheAlarmScoreRule_CanBeTurnedOff() => Assert.Null((AlertPolicy.Default with { AlarmScoreFactor = null }).Validate().AlarmScoreFactor);
}
