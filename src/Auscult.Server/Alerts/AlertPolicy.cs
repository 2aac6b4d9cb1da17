using Auscult.Evaluation;

namespace Auscult.Server.Alerts;

/// <summary>
/// The rules that turn clip verdicts into alerts, for a site (or a service). Every rule is an option with a documented
/// default; <see cref="Validate"/> enforces the ranges (the engine calls it).
/// </summary>
/// <remarks>
/// <para>
/// Per machine: a warning when <see cref="WarningCount"/> of the last <see cref="WarningWindow"/> scored clips are
/// anomalous; an alarm when <see cref="AlarmCount"/> of the last <see cref="AlarmWindow"/> are, or one score passes
/// <see cref="AlarmScoreFactor"/> times the threshold; the alert closes after <see cref="ClearAfter"/> consecutive normal
/// clips. Input-unfit clips are not machine evidence: <see cref="InputFaultCount"/> of the last
/// <see cref="InputFaultWindow"/> clips raise an input alert (severity warning, never an alarm), closed after
/// <see cref="ClearAfter"/> consecutive scored clips. No-model clips change nothing but the time of the last clip.
/// </para>
/// <para>
/// With the defaults one odd clip never alerts. How often a normal machine alerts depends on how often its normal clips
/// pass the threshold: simulated over 2,000 days of independent clips at one every 5 minutes, a machine whose normal
/// clips are anomalous 10 % of the time (the bundles' threshold is the 0.9 quantile of the gamma fitted to normal
/// scores) gets about 4.3 warnings a day and an alarm every 5 days; at 5 %, 1.3 warnings a day and an alarm every 54
/// days; at 1 %, a warning every 17 days and no alarm. So the k-of-n rules stop single clips from paging, but a quiet
/// site needs a threshold with a false-alarm rate near 1 % per clip (a higher quantile, or per-machine calibration with
/// <see cref="CalibrationQuantile"/> 0.99).
/// </para>
/// </remarks>
public sealed record AlertPolicy
{
    /// <summary>The largest window any rule may look at (bounds the state stored per machine).</summary>
    public const int MaximumWindow = 100;

    /// <summary>Anomalous clips among the last <see cref="WarningWindow"/> that open a warning.</summary>
    /// <value>Default 2; from 1 to <see cref="WarningWindow"/>.</value>
    public int WarningCount { get; init; } = 2;

    /// <summary>The number of recent scored clips the warning rule looks at.</summary>
    /// <value>Default 3; from 1 to <see cref="MaximumWindow"/>.</value>
    public int WarningWindow { get; init; } = 3;

    /// <summary>Anomalous clips among the last <see cref="AlarmWindow"/> that open (or escalate to) an alarm.</summary>
    /// <value>Default 4; from <see cref="WarningCount"/> to <see cref="AlarmWindow"/>.</value>
    public int AlarmCount { get; init; } = 4;

    /// <summary>The number of recent scored clips the alarm rule looks at.</summary>
    /// <value>Default 6; from 1 to <see cref="MaximumWindow"/>.</value>
    public int AlarmWindow { get; init; } = 6;

    /// <summary>
    /// A single score above this factor times the decision threshold raises an alarm at once; null turns the rule off.
    /// The rule applies only when the threshold is positive.
    /// </summary>
    /// <value>Default 1.5; null or from 1.01 to 100.</value>
    /// <remarks>
    /// Why 1.5: the autoencoder's scores (mean squared reconstruction error of log-mel frames) sit on a large offset,
    /// so a factor is a big step in units of the normal spread. In the demo fan model (threshold 5.14, the 0.9 quantile
    /// of a gamma with location 4.14, scale 0.18, shape 3.3), the highest of 192 unseen normal clips scored 6.65, that is
    /// 1.29 × the threshold (the fitted gamma's tail is thinner than the data's), so 1.25 would have paged on a normal
    /// clip; 1.5 × = 7.7 lies 20 gamma scales above the location. For a classifier, whose scores are probabilities in
    /// [0, 1], a threshold of 0.5 gives 0.75: one clip the model calls anomalous with probability above 0.75 alarms.
    /// Set null where the model is known to be over-confident.
    /// </remarks>
    public double? AlarmScoreFactor { get; init; } = 1.5;

    /// <summary>Consecutive normal clips that close a machine alert (hysteresis); also consecutive scored clips that close an input alert.</summary>
    /// <value>Default 3; from 1 to <see cref="MaximumWindow"/>.</value>
    public int ClearAfter { get; init; } = 3;

    /// <summary>Input-unfit clips among the last <see cref="InputFaultWindow"/> clips that open an input alert.</summary>
    /// <value>Default 2; from 1 to <see cref="InputFaultWindow"/>.</value>
    public int InputFaultCount { get; init; } = 2;

    /// <summary>The number of recent clips (scored or unfit) the input rule looks at.</summary>
    /// <value>Default 3; from 1 to <see cref="MaximumWindow"/>.</value>
    public int InputFaultWindow { get; init; } = 3;

    /// <summary>A machine that sent a clip once and none for this long is offline (evaluated by <see cref="AlertEngine.Tick"/>).</summary>
    /// <value>Default 30 minutes (six missed clips at one every 5 minutes); from 1 second (tests and accelerated demos) to 30 days.</value>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a machine calibrates its own threshold after a model is activated, unless its own setting says otherwise.</summary>
    /// <value>Default false: machines use their model's threshold.</value>
    public bool CalibrationEnabled { get; init; }

    /// <summary>How long a machine collects scores before fitting its threshold (the <c>learning</c> state).</summary>
    /// <value>Default one day (288 clips at one every 5 minutes); from 1 minute to 90 days.</value>
    public TimeSpan CalibrationPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The fewest scores calibration fits on; learning goes on past the period until there are this many.</summary>
    /// <value>Default 30; from 3 to <see cref="CalibrationMaximumClips"/>.</value>
    public int CalibrationMinimumClips { get; init; } = 30;

    /// <summary>The most scores kept while learning (the first ones); later clips of the period are not kept.</summary>
    /// <value>Default 2,000 (a week at one clip every 5 minutes); from 3 to 100,000. Each kept score is about 80 bytes of
    /// the machine's JSON state with a UUID clip id: 23 KB for a day at one clip every 5 minutes, 160 KB at 2,000.</value>
    public int CalibrationMaximumClips { get; init; } = 2_000;

    /// <summary>The quantile of the gamma fitted to the learning scores that becomes the machine's threshold.</summary>
    /// <value>Default 0.9, the bundles' own (<see cref="ThresholdSelector.DefaultGammaQuantile"/>); in (0.5, 1).</value>
    public double CalibrationQuantile { get; init; } = ThresholdSelector.DefaultGammaQuantile;

    /// <summary>The defaults.</summary>
    public static AlertPolicy Default { get; } = new();

    /// <summary>Checks every range.</summary>
    /// <exception cref="ConfigurationException">An option is out of range; the message names it, its value and the range.</exception>
    public AlertPolicy Validate()
    {
        Range(nameof(WarningWindow), WarningWindow, 1, MaximumWindow);
        Range(nameof(WarningCount), WarningCount, 1, WarningWindow);
        Range(nameof(AlarmWindow), AlarmWindow, 1, MaximumWindow);
        Range(nameof(AlarmCount), AlarmCount, WarningCount, AlarmWindow);
        if (AlarmScoreFactor is double factor && !(factor >= 1.01 && factor <= 100))
        {
            throw new ConfigurationException($"Alert policy: {nameof(AlarmScoreFactor)} is {factor}; it must lie in [1.01, 100] (or be null to turn the rule off).");
        }

        Range(nameof(ClearAfter), ClearAfter, 1, MaximumWindow);
        Range(nameof(InputFaultWindow), InputFaultWindow, 1, MaximumWindow);
        Range(nameof(InputFaultCount), InputFaultCount, 1, InputFaultWindow);
        Range(nameof(OfflineAfter), OfflineAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        Range(nameof(CalibrationPeriod), CalibrationPeriod, TimeSpan.FromMinutes(1), TimeSpan.FromDays(90));
        Range(nameof(CalibrationMaximumClips), CalibrationMaximumClips, 3, 100_000);
        Range(nameof(CalibrationMinimumClips), CalibrationMinimumClips, 3, CalibrationMaximumClips);
        if (!(CalibrationQuantile > 0.5 && CalibrationQuantile < 1))
        {
            throw new ConfigurationException($"Alert policy: {nameof(CalibrationQuantile)} is {CalibrationQuantile}; it must lie in (0.5, 1).");
        }

        return this;
    }

    private static void Range<T>(string name, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            throw new ConfigurationException($"Alert policy: {name} is {value}; it must lie in [{min}, {max}].");
        }
    }
}
