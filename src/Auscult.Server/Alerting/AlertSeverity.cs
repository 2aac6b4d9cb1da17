namespace Auscult.Server.Alerting;

/// <summary>How loud an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>The first sign (e.g. 2 of the last 3 clips anomalous).</summary>
    Warning,

    /// <summary>It persists, or a score passed the second, higher threshold.</summary>
    Alarm,
}
