namespace Auscult.Drift;

/// <summary>The windows, limits and persistence rules of a <see cref="DriftMonitor"/>.</summary>
/// <remarks>
/// The limits come from the physics of the scenarios (a -12 dB gain step, a 6% speed change, a background rising 12 dB)
/// and are checked by bench <c>drift-scenarios</c> against every scenario and 30 days of steady operation of 4 machines
/// (no drift alert); <see cref="RaiseAfter"/> and <see cref="ClearAfter"/> make the verdict persist, so one noisy
/// evaluation cannot raise an alert.
/// </remarks>
public sealed record DriftOptions
{
    /// <summary>The rolling window the statistics are computed over (the clips recorded within it).</summary>
    /// <value>Default 1 day (288 clips at one every 5 minutes).</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The short window that catches a step (a gain drop, a dead channel) within the hour.</summary>
    /// <value>Default 1 hour (12 clips).</value>
    public TimeSpan ShortWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often a window is reported (the verdict is evaluated at every clip).</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan ReportEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fewest clips in the window for its statistics to count; fewer gives <see cref="DriftCause.None"/> marked as too few.</summary>
    /// <value>Default 36 (3 hours).</value>
    public int MinimumClips { get; init; } = 36;

    /// <summary>Fewest clips in the short window for its statistics to count.</summary>
    /// <value>Default 6.</value>
    public int MinimumShortClips { get; init; } = 6;

    /// <summary>Consecutive evaluations (one per clip) with the same cause that raise a drift alert.</summary>
    /// <value>Default 3.</value>
    public int RaiseAfter { get; init; } = 3;

    /// <summary>Consecutive evaluations without drift that clear one.</summary>
    /// <value>Default 36 (3 hours).</value>
    public int ClearAfter { get; init; } = 36;

    /// <summary>Share of clips with an input fault that makes the cause <see cref="DriftCause.Input"/> (over the short window, or the whole window).</summary>
    /// <value>Default 0.5 over the short window, <see cref="InputRate"/> over the window.</value>
    public double ShortInputRate { get; init; } = 0.5;

    /// <value>Default 0.1.</value>
    public double InputRate { get; init; } = 0.1;

    /// <summary>A step in the broadband level over the short window (median of the clips' mean band shifts) that is environmental at once, in dB.</summary>
    /// <value>Default 6 dB: half the gain step the scenarios use.</value>
    public double StepShiftDb { get; init; } = 6;

    /// <summary>A broadband level shift over the window that counts, in dB.</summary>
    /// <value>Default 1.5 dB.</value>
    public double BroadbandShiftDb { get; init; } = 1.5;

    /// <summary>A spectral tilt (the linear trend of the band shifts, lowest to highest band) that counts, in dB.</summary>
    /// <value>Default 3 dB.</value>
    public double TiltDb { get; init; } = 3;

    /// <summary>A narrow-band change (a band's shift against its smoothed neighbours) that counts, in dB.</summary>
    /// <value>Default 1.5 dB.</value>
    public double NarrowBandDb { get; init; } = 1.5;

    /// <summary>Kolmogorov-Smirnov distance between the window's scores and the training scores that counts as a change of the scores.</summary>
    /// <value>Default 0.3.</value>
    public double ScoreKs { get; init; } = 0.3;

    /// <summary>Standard errors by which the anomaly rate must exceed the rate the threshold expects to count.</summary>
    /// <value>Default 4.</value>
    public double AnomalyRateZ { get; init; } = 4;

    /// <summary>
    /// The residual a single step must leave, relative to the best ramp's, for the scores to count as a growth rather
    /// than a step: at or above it (a step explains them no better than a ramp) with a sure trend (<see cref="TrendT"/>)
    /// the machine is changing; below it the change is a step, an operating point.
    /// </summary>
    /// <value>
    /// Default 1.0. Measured on the scenarios (bench <c>drift-scenarios</c>): a speed step leaves 0.75 to 0.90 while the
    /// day-long window holds it; a growing fault 1.01 to 1.5.
    /// </value>
    public double StepRatio { get; init; } = 1.0;

    /// <summary>The t statistic of the score ramp's slope above which the scores surely rise.</summary>
    /// <value>Default 4 (steady clips: |t| below 3).</value>
    public double TrendT { get; init; } = 4;

    /// <summary>
    /// Share of the bands that must move the same way (by 0.5 dB or more; at most the rest the other way) for a level
    /// change to count as broadband (environment).
    /// </summary>
    /// <value>Default 0.9.</value>
    public double UniformShare { get; init; } = 0.9;

    /// <summary>
    /// The largest narrow-band change, per dB of broadband shift, that a broadband change may bring with it: an added
    /// background lifts quiet bands more than the machine's peaks (measured about 0.8 dB per dB); a new speed or a fault
    /// changes a few bands far more than the average (4 dB per dB and more).
    /// </summary>
    /// <value>Default 1.5.</value>
    public double NarrowPerBroadband { get; init; } = 1.5;

    /// <summary>
    /// The narrow-band change a broadband change may bring with it regardless of its size, in dB: the measure's own
    /// noise (about 0.4 dB over an hour of 1-s clips, 0.1 dB over a day).
    /// </summary>
    /// <value>Default 0.5 dB.</value>
    public double NarrowNoiseDb { get; init; } = 0.5;

    /// <summary>
    /// A broadband level change over the short window (its median clip, and its clips together, every band one way) that
    /// is environmental at once, in dB: a background that starts rising is named before the scores react to it.
    /// </summary>
    /// <value>Default 1 dB (a 6% speed change moves the level about as much, but its harmonics far more).</value>
    public double ShortBroadbandShiftDb { get; init; } = 1;

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero || ShortWindow <= TimeSpan.Zero || ShortWindow > Window || ReportEvery <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"Invalid drift options: windows {Window} and {ShortWindow} and reporting every {ReportEvery} must be positive, the short window within the window.");
        }

        if (MinimumClips < 2 || MinimumShortClips < 1 || RaiseAfter < 1 || ClearAfter < 1)
        {
            throw new ConfigurationException("Invalid drift options: clip minimums and persistence counts must be positive (at least 2 clips per window).");
        }
    }
}
