namespace Auscult.Health;

/// <summary>The input measurements of one clip and the problems they show.</summary>
/// <param name="SampleRate">The recording's sample rate, in Hz.</param>
/// <param name="Duration">Its duration.</param>
/// <param name="ChannelCount">Its channels.</param>
/// <param name="RmsDbfs">RMS level over all finite samples, in dB relative to full scale (a full-scale sine is -3 dBFS); -infinity for digital silence.</param>
/// <param name="PeakDbfs">Largest absolute sample, in dBFS.</param>
/// <param name="ClippedFraction">Share of samples at or beyond full scale, 0..1.</param>
/// <param name="DcOffset">Mean sample value, as a fraction of full scale.</param>
/// <param name="LongestFlatRun">Longest run of one repeated value in any channel (digital silence is a run of zeros).</param>
/// <param name="NonFiniteSamples">NaN or infinite samples.</param>
/// <param name="ChannelRmsDbfs">RMS level of each channel, in dBFS.</param>
/// <param name="Problems">What the checks found, most severe first; empty for a healthy clip.</param>
public sealed record InputHealth(
    int SampleRate,
    TimeSpan Duration,
    int ChannelCount,
    double RmsDbfs,
    double PeakDbfs,
    double ClippedFraction,
    double DcOffset,
    TimeSpan LongestFlatRun,
    long NonFiniteSamples,
    IReadOnlyList<double> ChannelRmsDbfs,
    IReadOnlyList<HealthProblem> Problems)
{
    /// <summary>Whether the clip can be scored: no problem of severity <see cref="HealthSeverity.Unfit"/>.</summary>
    public bool IsFit => Problems.All(p => p.Severity != HealthSeverity.Unfit);

    /// <summary>The reasons the clip is unfit, joined for a one-line verdict; empty when it is fit.</summary>
    public string UnfitReason => string.Join("; ", Problems.Where(p => p.Severity == HealthSeverity.Unfit).Select(p => p.Message));
}
