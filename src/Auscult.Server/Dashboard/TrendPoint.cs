namespace Auscult.Server.Dashboard;

/// <summary>One score in a trend: when, the score, the threshold it was judged against and the verdict.</summary>
public sealed record TrendPoint(DateTimeOffset At, double? Score, double? Threshold, Verdict Verdict)
{
    /// <summary>Score over threshold (1 = at the threshold), or null without both.</summary>
    public double? Ratio => Score is double s && Threshold is double t && t > 0 ? s / t : null;
}
