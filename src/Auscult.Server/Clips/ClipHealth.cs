using Auscult.Health;

namespace Auscult.Server.Clips;

/// <summary>The input checks of a clip as the API and the database carry them (levels of digital silence are null, not -infinity).</summary>
/// <param name="Fit">Whether the clip could be scored.</param>
/// <param name="SampleRate">Hz.</param>
/// <param name="DurationSeconds">Seconds.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="RmsDbfs">RMS level in dBFS; null for digital silence.</param>
/// <param name="PeakDbfs">Peak level in dBFS; null for digital silence.</param>
/// <param name="ClippedFraction">Share of samples at full scale.</param>
/// <param name="DcOffset">Mean sample value as a fraction of full scale.</param>
/// <param name="LongestFlatRunSeconds">Longest run of one repeated value.</param>
/// <param name="NonFiniteSamples">NaN or infinite samples.</param>
/// <param name="Problems">What the checks found, most severe first.</param>
public sealed record ClipHealth(bool Fit, int SampleRate, double DurationSeconds, int Channels, double? RmsDbfs, double? PeakDbfs,
    double ClippedFraction, double DcOffset, double LongestFlatRunSeconds, long NonFiniteSamples, IReadOnlyList<HealthProblem> Problems)
{
    /// <summary>The wire form of <paramref name="health"/>.</summary>
    public static ClipHealth From(InputHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        return new ClipHealth(health.IsFit, health.SampleRate, health.Duration.TotalSeconds, health.ChannelCount, Finite(health.RmsDbfs),
            Finite(health.PeakDbfs), health.ClippedFraction, health.DcOffset, health.LongestFlatRun.TotalSeconds, health.NonFiniteSamples,
            [.. health.Problems]);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
