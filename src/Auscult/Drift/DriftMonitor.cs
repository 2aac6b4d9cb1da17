using System.Globalization;

namespace Auscult.Drift;

/// <summary>
/// Watches one machine's clips for drift against a <see cref="DriftReference"/>: a rolling window (default one day) of
/// band levels, scores and input health, updated clip by clip, a verdict at every clip, persistence rules over the
/// verdicts, and a report every <see cref="DriftOptions.ReportEvery"/>. Pure and clock-free: time is the clips' own.
/// </summary>
/// <remarks>
/// <para>Per clip the monitor adds the new clip to running sums and removes those that left the window (no pass over the
/// window's frames), then evaluates: the short window's median broadband shift, the band shifts (broadband, tilt,
/// narrow-band), the score distribution (Kolmogorov-Smirnov against the training CDF), the anomaly rate against the
/// expected one, and whether the scores' change looks like a step or a trend.</para>
/// <para>The verdict, in order: an input fault explains everything (the clip says nothing about the machine); a
/// broadband change with no narrow-band one is environmental (a gain step, a fouled microphone, more background); a
/// narrow-band change or changed scores is the machine when the anomaly rate rises as a trend, and an operating point
/// otherwise (a consistent step the model has not learned). Not thread-safe: one monitor per machine.</para>
/// </remarks>
public sealed class DriftMonitor
{
    private readonly DriftReference _reference;
    private readonly DriftOptions _options;
    private readonly List<Entry> _window = [];
    private int _head;
    private readonly double[] _meanSums;
    private readonly long[] _binSums;
    private readonly double[] _shift;
    private readonly double[] _local;
    private readonly double[] _shortMeans;
    private readonly double[] _shortLocal;
    private readonly List<double> _sortedScores = [];
    private int _featured;
    private int _scored;
    private int _anomalous;
    private int _inputProblems;
    private int _clipIndex = -1;

    private DriftCause _cause = DriftCause.None;
    private DriftCause _pending = DriftCause.None;
    private int _pendingCount;
    private int _quietCount;
    private DateTimeOffset? _lastReport;
    private bool _raisedSinceReport;
    private readonly List<DriftWindow> _windows = [];
    private readonly List<DriftAlert> _alerts = [];

    public DriftMonitor(string machineId, DriftReference reference, DriftOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ArgumentNullException.ThrowIfNull(reference);
        _options = options ?? new DriftOptions();
        _options.Validate();
        MachineId = machineId;
        _reference = reference;
        _meanSums = new double[reference.BandCount];
        _binSums = new long[reference.BandCount * reference.BinCount];
        _shift = new double[reference.BandCount];
        _local = new double[reference.BandCount];
        _shortMeans = new double[reference.BandCount];
        _shortLocal = new double[reference.BandCount];
    }

    /// <summary>The machine watched.</summary>
    public string MachineId { get; }

    /// <summary>The persisted verdict after the last clip.</summary>
    public DriftCause Cause => _cause;

    /// <summary>The windows reported so far.</summary>
    public IReadOnlyList<DriftWindow> Windows => _windows;

    /// <summary>The alerts raised so far.</summary>
    public IReadOnlyList<DriftAlert> Alerts => _alerts;

    /// <summary>The result so far.</summary>
    public MachineDrift ToResult() => new(MachineId, [.. _windows], [.. _alerts]);

    /// <summary>
    /// Adds the next clip (in time order), evaluates the window it closes and applies the persistence rules.
    /// </summary>
    /// <returns>The report, when this clip closes a report period; else null.</returns>
    /// <exception cref="ArgumentException">The clip is older than the previous one.</exception>
    public DriftWindow? Add(DriftObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Means is { } means && (means.Length != _reference.BandCount || observation.BinCounts!.Length != _reference.BandCount * _reference.BinCount))
        {
            throw new ArgumentException($"The observation has {means.Length} bands; the drift reference {_reference.BandCount}: it was made with another model.", nameof(observation));
        }

        if (Count > 0 && observation.RecordedAt < _window[^1].Observation.RecordedAt)
        {
            throw new ArgumentException($"Clips must come in time order: {observation.RecordedAt:O} is before {_window[^1].Observation.RecordedAt:O}.", nameof(observation));
        }

        _clipIndex++;
        Push(observation);
        DateTimeOffset end = observation.RecordedAt;
        while (_window[_head].Observation.RecordedAt <= end - _options.Window)
        {
            Pop();
        }

        bool report = _lastReport is null || end - _lastReport.Value >= _options.ReportEvery;
        Evaluation evaluation = Evaluate(end, report);
        Persist(evaluation, end);
        if (!report)
        {
            return null;
        }

        _lastReport = end;
        var window = new DriftWindow(end - _options.Window, end, _cause, evaluation.Candidate, _raisedSinceReport, evaluation.TooFew,
            evaluation.Reasons, Recommend(_cause, evaluation.Statistics), evaluation.Statistics);
        _raisedSinceReport = false;
        _windows.Add(window);
        return window;
    }

    /// <summary>
    /// The window ending at the newest clip, evaluated now with its full evidence (between the hourly reports): the
    /// persisted cause, this window's candidate, reasons and recommendation. Changes no state; null before the first clip.
    /// </summary>
    public DriftWindow? Current()
    {
        if (Count == 0)
        {
            return null;
        }

        DateTimeOffset end = _window[^1].Observation.RecordedAt;
        Evaluation evaluation = Evaluate(end, detailed: true);
        return new DriftWindow(end - _options.Window, end, _cause, evaluation.Candidate, false, evaluation.TooFew, evaluation.Reasons,
            Recommend(_cause, evaluation.Statistics), evaluation.Statistics);
    }

    private int Count => _window.Count - _head;

    private void Push(DriftObservation o)
    {
        double offset = double.NaN;
        if (o.Means is float[] means)
        {
            double sum = 0;
            for (int b = 0; b < means.Length; b++)
            {
                _meanSums[b] += means[b];
                sum += means[b] - _reference.BandMeans[b];
            }

            offset = sum / means.Length;
            ushort[] bins = o.BinCounts!;
            for (int i = 0; i < bins.Length; i++)
            {
                _binSums[i] += bins[i];
            }

            _featured++;
        }

        if (o.IsScored)
        {
            _scored++;
            _anomalous += o.IsAnomalous ? 1 : 0;
            int at = _sortedScores.BinarySearch(o.Score);
            _sortedScores.Insert(at < 0 ? ~at : at, o.Score);
        }

        _inputProblems += o.HasInputProblem ? 1 : 0;
        _window.Add(new Entry(o, offset));
    }

    private void Pop()
    {
        DriftObservation o = _window[_head].Observation;
        _window[_head] = default;
        _head++;
        if (o.Means is float[] means)
        {
            for (int b = 0; b < means.Length; b++)
            {
                _meanSums[b] -= means[b];
            }

            ushort[] bins = o.BinCounts!;
            for (int i = 0; i < bins.Length; i++)
            {
                _binSums[i] -= bins[i];
            }

            _featured--;
        }

        if (o.IsScored)
        {
            _scored--;
            _anomalous -= o.IsAnomalous ? 1 : 0;
            _sortedScores.RemoveAt(_sortedScores.BinarySearch(o.Score));
        }

        _inputProblems -= o.HasInputProblem ? 1 : 0;
        if (_head > 1024 && _head > _window.Count / 2)
        {
            _window.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private Evaluation Evaluate(DateTimeOffset end, bool detailed)
    {
        int n = Count;

        // The short window: the newest clips, walked back from the end.
        Span<double> offsets = stackalloc double[64];
        int shortCount = 0, shortInput = 0, shortOffsets = 0, shortFeatured = 0;
        Array.Clear(_shortMeans);
        for (int i = _window.Count - 1; i >= _head && _window[i].Observation.RecordedAt > end - _options.ShortWindow; i--)
        {
            shortCount++;
            shortInput += _window[i].Observation.HasInputProblem ? 1 : 0;
            if (!double.IsNaN(_window[i].Offset) && shortOffsets < offsets.Length)
            {
                offsets[shortOffsets++] = _window[i].Offset;
            }

            if (_window[i].Observation.Means is float[] means)
            {
                shortFeatured++;
                for (int b = 0; b < means.Length; b++)
                {
                    _shortMeans[b] += means[b];
                }
            }
        }

        (double shortRising, double shortFalling, double shortBroadband, double shortNarrow) = (double.NaN, double.NaN, double.NaN, double.NaN);
        if (shortFeatured > 0)
        {
            for (int b = 0; b < _shortMeans.Length; b++)
            {
                _shortMeans[b] = (_shortMeans[b] / shortFeatured) - _reference.BandMeans[b];
            }

            (shortRising, shortFalling) = MovedShares(_shortMeans);
            (shortBroadband, _, shortNarrow) = Shape(_shortMeans, _shortLocal);
        }

        double shortShift = Median(offsets[..shortOffsets]);
        double shortInputRate = shortCount == 0 ? 0 : (double)shortInput / shortCount;
        double inputRate = n == 0 ? 0 : (double)_inputProblems / n;

        (double broadband, double tilt, double narrow) = BandShape();
        (double rising, double falling) = _featured > 0 ? MovedShares(_shift) : (double.NaN, double.NaN);
        double ks = ScoreKs();
        double p = _reference.ExpectedAnomalyRate;
        double rate = _scored == 0 ? 0 : (double)_anomalous / _scored;
        double m = _reference.ReferenceClipCount;
        // A two-proportion test: the error counts the window's clips and the reference's. A rate read from few reference
        // clips above the threshold (often none) is itself uncertain, so the error is at least that of one clip in m:
        // with the expected rate's own tiny variance a burst of 5 anomalies in 133 normal clips read as 4 standard errors.
        double pError = Math.Max(p, 1.0 / m);
        double z = _scored == 0 ? 0 : (rate - p) / Math.Sqrt(pError * (1 - pError) * ((1.0 / _scored) + (1.0 / m)));
        double ksLimit = _scored == 0 ? _options.ScoreKs : Math.Max(_options.ScoreKs, KsCritical * Math.Sqrt((_scored + m) / (_scored * m)));
        (double trend, double trendT, double stepToTrend) = StepOrTrend();

        double maxPsi = double.NaN, scorePsi = double.NaN;
        IReadOnlyList<BandShift> bands = [];
        if (detailed)
        {
            (maxPsi, bands) = BandDetails();
            scorePsi = ScorePsi();
        }

        var statistics = new DriftStatistics(n, _scored, inputRate, shortInputRate, shortShift, broadband, tilt, narrow, maxPsi, ks, scorePsi, rate, p, z,
            trend, stepToTrend, bands, ksLimit, rising, falling, shortRising, shortFalling, trendT, shortBroadband, shortNarrow);
        var reasons = new List<string>();
        DriftCause candidate = Classify(statistics, shortCount, reasons, out bool tooFew);
        return new Evaluation(candidate, tooFew, statistics, reasons);
    }

    private DriftCause Classify(DriftStatistics s, int shortCount, List<string> reasons, out bool tooFew)
    {
        var o = _options;
        tooFew = false;
        bool shortReady = shortCount >= o.MinimumShortClips;
        if (shortReady && s.ShortInputProblemRate >= o.ShortInputRate)
        {
            reasons.Add(Say($"{s.ShortInputProblemRate:P0} of the last {shortCount} clips have an input fault (limit {o.ShortInputRate:P0})"));
            return DriftCause.Input;
        }

        if (shortReady && Math.Abs(s.ShortBroadbandShiftDb) >= o.StepShiftDb)
        {
            reasons.Add(Say($"the level of the last {shortCount} clips moved {s.ShortBroadbandShiftDb:+0.0;-0.0} dB in every band (limit {o.StepShiftDb:0.#} dB)"));
            return DriftCause.Environment;
        }

        if (s.ClipCount < o.MinimumClips || s.ScoredClips < o.MinimumClips / 2)
        {
            tooFew = true;
            return DriftCause.None;
        }

        if (s.InputProblemRate >= o.InputRate)
        {
            reasons.Add(Say($"{s.InputProblemRate:P0} of the window's clips have an input fault (limit {o.InputRate:P0})"));
            return DriftCause.Input;
        }

        // Environment: the sound changed across the spectrum (a microphone's gain or position, a louder or quieter
        // background), seen in the window or already in the last hour. Broadband means nearly every band moved the same
        // way and the narrow-band structure changed no more than the level did: an added background lifts the quiet bands
        // more than the machine's peaks, so some narrow-band change comes with it, while a changed machine (a fault, a
        // new speed moving its harmonics) changes a few bands far more than the average.
        bool broad = Math.Abs(s.BroadbandShiftDb) >= o.BroadbandShiftDb || Math.Abs(s.TiltDb) >= o.TiltDb;
        bool narrow = s.NarrowBandDb >= o.NarrowBandDb;
        bool windowBroadband = Uniform(s.RisingBandShare, s.FallingBandShare) && s.NarrowBandDb <= (o.NarrowPerBroadband * Math.Abs(s.BroadbandShiftDb)) + o.NarrowNoiseDb;
        bool shortBroadband = shortReady && Math.Abs(s.ShortBroadbandShiftDb) >= o.ShortBroadbandShiftDb && Math.Abs(s.ShortMeanShiftDb) >= o.ShortBroadbandShiftDb
            && Uniform(s.ShortRisingBandShare, s.ShortFallingBandShare) && s.ShortNarrowBandDb <= (o.NarrowPerBroadband * Math.Abs(s.ShortMeanShiftDb)) + o.NarrowNoiseDb;
        bool scoresMoved = s.ScoreKs >= s.ScoreKsLimit || s.AnomalyRateZ >= o.AnomalyRateZ;
        if (broad)
        {
            reasons.Add(Say($"broadband shift {s.BroadbandShiftDb:+0.0;-0.0} dB, tilt {s.TiltDb:+0.0;-0.0} dB (limits {o.BroadbandShiftDb:0.#} and {o.TiltDb:0.#} dB)"));
        }

        if (narrow)
        {
            reasons.Add(Say($"narrow-band change up to {s.NarrowBandDb:0.0} dB against the neighbouring bands (limit {o.NarrowBandDb:0.#} dB)"));
        }

        if (scoresMoved)
        {
            reasons.Add(Say($"scores moved: KS {s.ScoreKs:0.00} (limit {s.ScoreKsLimit:0.00}), anomaly rate {s.AnomalyRate:P1} against {s.ExpectedAnomalyRate:P1} expected ({s.AnomalyRateZ:+0.0;-0.0} standard errors)"));
        }

        if (broad && (!narrow || windowBroadband))
        {
            if (narrow)
            {
                reasons.Add(Say($"{Moved(s.RisingBandShare, s.FallingBandShare)} and the narrow-band change is no larger than the level change: the whole spectrum moved"));
            }

            return DriftCause.Environment;
        }

        if (shortBroadband)
        {
            reasons.Add(Say($"over the last {shortCount} clips the level moved {s.ShortMeanShiftDb:+0.0;-0.0} dB with {Moved(s.ShortRisingBandShare, s.ShortFallingBandShare)}, narrow-band change {s.ShortNarrowBandDb:0.0} dB: the whole spectrum is moving"));
            return DriftCause.Environment;
        }

        if (!narrow && !scoresMoved)
        {
            return DriftCause.None;
        }

        // The machine or its operating point: a growth (the scores rise as a ramp, surely, and a step fits them no
        // better) is the machine; a step or a steady level the model has not learned is an operating point.
        bool growing = s.ScoreTrendT >= o.TrendT && s.StepToTrend >= o.StepRatio;
        if (growing)
        {
            reasons.Add(Say($"scores rising ({s.ScoreTrendPerDay:+0.0} reference standard deviations a day, t = {s.ScoreTrendT:0.0}; a step fits no better: {s.StepToTrend:0.00} of the ramp's residual)"));
            return DriftCause.Machine;
        }

        reasons.Add(s.StepToTrend < o.StepRatio
            ? Say($"the change is a step (a step leaves {s.StepToTrend:0.00} of a ramp's residual), not a growth")
            : Say($"the scores hold a steady level (trend t = {s.ScoreTrendT:0.0}), not a growth"));
        return DriftCause.OperatingPoint;
    }

    private bool Uniform(double rising, double falling) =>
        (rising >= _options.UniformShare && falling <= 1 - _options.UniformShare) || (falling >= _options.UniformShare && rising <= 1 - _options.UniformShare);

    private static string Moved(double rising, double falling) => rising >= falling
        ? Say($"{rising:P0} of the bands louder by 0.5 dB or more")
        : Say($"{falling:P0} of the bands quieter by 0.5 dB or more");

    private void Persist(Evaluation evaluation, DateTimeOffset end)
    {
        if (evaluation.TooFew)
        {
            return; // a window too thin to judge changes nothing
        }

        DriftCause candidate = evaluation.Candidate;

        // A machine that stops getting worse is still a changed machine, not a new operating point: the verdict stays
        // machine until the clips look normal again (or another cause takes over).
        if (_cause == DriftCause.Machine && candidate == DriftCause.OperatingPoint)
        {
            candidate = DriftCause.Machine;
        }

        if (candidate == _cause)
        {
            _pendingCount = 0;
            _quietCount = 0;
            return;
        }

        if (candidate == DriftCause.None)
        {
            _pendingCount = 0;
            if (++_quietCount >= _options.ClearAfter)
            {
                _cause = DriftCause.None;
                _quietCount = 0;
            }

            return;
        }

        _quietCount = 0;
        _pendingCount = candidate == _pending ? _pendingCount + 1 : 1;
        _pending = candidate;
        if (_pendingCount >= _options.RaiseAfter)
        {
            _cause = candidate;
            _pendingCount = 0;
            _raisedSinceReport = true;
            _alerts.Add(new DriftAlert(end, candidate, _clipIndex));
        }
    }

    /// <summary>Broadband shift (mean band shift), tilt (linear trend across the bands) and the largest narrow-band deviation of the window.</summary>
    private (double Broadband, double Tilt, double Narrow) BandShape()
    {
        if (_featured == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        for (int b = 0; b < _shift.Length; b++)
        {
            _shift[b] = (_meanSums[b] / _featured) - _reference.BandMeans[b];
        }

        return Shape(_shift, _local);
    }

    /// <summary>
    /// The shape of band shifts: their mean (the broadband change), their linear trend from the lowest to the highest
    /// band (tilt, dB), and the largest deviation of a band from the mean of its neighbours within
    /// +-<see cref="LocalHalfWidth"/> (itself excluded), written to <paramref name="local"/>: smooth changes (gain, tilt,
    /// roll-off, broadband noise) cancel there, a change confined to a few bands stands out.
    /// </summary>
    private static (double Broadband, double Tilt, double Narrow) Shape(ReadOnlySpan<double> shift, Span<double> local)
    {
        int bands = shift.Length;
        double mean = 0, slope = 0, xx = 0;
        for (int b = 0; b < bands; b++)
        {
            mean += shift[b];
        }

        mean /= bands;
        for (int b = 0; b < bands; b++)
        {
            double x = bands == 1 ? 0 : ((double)b / (bands - 1)) - 0.5;
            slope += x * (shift[b] - mean);
            xx += x * x;
        }

        double tilt = xx > 0 ? slope / xx : 0; // dB from the lowest to the highest band
        double narrow = 0;
        for (int b = 0; b < bands; b++)
        {
            int from = Math.Max(0, b - LocalHalfWidth), to = Math.Min(bands - 1, b + LocalHalfWidth);
            double sum = 0;
            for (int k = from; k <= to; k++)
            {
                sum += k == b ? 0 : shift[k];
            }

            local[b] = to > from ? shift[b] - (sum / (to - from)) : 0;
            narrow = Math.Max(narrow, Math.Abs(local[b]));
        }

        return (mean, tilt, narrow);
    }

    private const int LocalHalfWidth = 4;

    // A band counts as moved when its mean level changed by at least this much (dB).
    private const double BandMoveDb = 0.5;

    private static (double Rising, double Falling) MovedShares(ReadOnlySpan<double> shifts)
    {
        int up = 0, down = 0;
        foreach (double shift in shifts)
        {
            up += shift >= BandMoveDb ? 1 : 0;
            down += shift <= -BandMoveDb ? 1 : 0;
        }

        return ((double)up / shifts.Length, (double)down / shifts.Length);
    }

    // The two-sample Kolmogorov-Smirnov critical value c(alpha) for alpha = 0.001: D > c * sqrt((n + m) / (n m)).
    private const double KsCritical = 1.95;

    private (double MaxPsi, IReadOnlyList<BandShift> Bands) BandDetails()
    {
        if (_featured == 0)
        {
            return (double.NaN, []);
        }

        int bins = _reference.BinCount;
        var psi = new double[_shift.Length];
        double max = 0;
        for (int b = 0; b < psi.Length; b++)
        {
            long total = 0;
            for (int k = 0; k < bins; k++)
            {
                total += _binSums[(b * bins) + k];
            }

            psi[b] = Psi(_binSums.AsSpan(b * bins, bins), total, _reference.ExpectedBinShares);
            max = Math.Max(max, psi[b]);
        }

        var top = Enumerable.Range(0, psi.Length)
            .OrderByDescending(b => Math.Max(Math.Abs(_shift[b]), Math.Abs(_local[b])))
            .Take(8)
            .Select(b => new BandShift(b, Math.Round(_shift[b], 2), Math.Round(_local[b], 2), Math.Round(psi[b], 3)))
            .ToList();
        return (max, top);
    }

    /// <summary>PSI = sum (a - e) ln(a / e), the actual shares smoothed by half a count per bin so an empty bin stays finite.</summary>
    private static double Psi(ReadOnlySpan<long> counts, long total, IReadOnlyList<double> expected)
    {
        double psi = 0, denominator = total + (0.5 * counts.Length);
        for (int k = 0; k < counts.Length; k++)
        {
            double a = (counts[k] + 0.5) / denominator, e = Math.Max(expected[k], 1e-6);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    private double ScoreKs()
    {
        int n = _sortedScores.Count;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = _reference.ScoreCdf(_sortedScores[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - f, f - ((double)i / n)));
        }

        return n == 0 ? double.NaN : d;
    }

    private double ScorePsi()
    {
        int n = _sortedScores.Count;
        if (n == 0)
        {
            return double.NaN;
        }

        // Bins on the training score quantiles: their training shares are the probability steps.
        IReadOnlyList<ScoreQuantile> quantiles = _reference.Scores.Quantiles;
        Span<long> counts = stackalloc long[quantiles.Count + 1];
        var expected = new double[quantiles.Count + 1];
        double previous = 0;
        for (int q = 0; q <= quantiles.Count; q++)
        {
            double p = q < quantiles.Count ? quantiles[q].Probability : 1;
            expected[q] = p - previous;
            previous = p;
        }

        foreach (double score in _sortedScores)
        {
            int bin = 0;
            while (bin < quantiles.Count && score >= quantiles[bin].Value)
            {
                bin++;
            }

            counts[bin]++;
        }

        return Psi(counts, n, expected);
    }

    /// <summary>
    /// The scores against time, as a growth or as a step. The growth is the best ramp: flat, then rising linearly from
    /// some clip on (a straight line is the ramp from the first clip); its slope (training standard deviations a day)
    /// and the slope's t statistic. The step is the best split into two constant levels. Returns how much of the ramp's
    /// residual the step leaves (below 1: a step explains the scores better; above: a growth does).
    /// </summary>
    /// <remarks>
    /// Either side of a step, and the rising part of a ramp, must hold <see cref="MinimumRun"/> clips, so a step an hour
    /// old is still seen as a step, not as a trend of the whole window. O(n) a call: running sums from both ends.
    /// </remarks>
    private (double TrendPerDay, double TrendT, double StepToTrend) StepOrTrend()
    {
        int n = _scored;
        if (n < 8)
        {
            return (0, 0, 1);
        }

        double scale = _reference.Scores.StandardDeviation > 0 ? _reference.Scores.StandardDeviation : 1;
        DateTimeOffset origin = _window[_head].Observation.RecordedAt;
        double sy = 0, syy = 0;
        for (int i = _head; i < _window.Count; i++)
        {
            DriftObservation o = _window[i].Observation;
            if (o.IsScored)
            {
                double y = o.Score / scale;
                sy += y;
                syy += y * y;
            }
        }

        double ssTotal = Math.Max(syy - (sy * sy / n), 1e-12);
        int minimum = Math.Max(MinimumRun, n / 48);

        // Walk back from the newest clip: the suffix sums give, for each change point c, the ramp z = max(0, x - x_c)
        // regressed with an intercept, and the step with its later level starting at c.
        double nS = 0, sxS = 0, sxxS = 0, syS = 0, sxyS = 0;
        double bestRamp = ssTotal, bestSlope = 0, bestT = 0, bestStep = ssTotal;
        for (int i = _window.Count - 1; i >= _head; i--)
        {
            DriftObservation o = _window[i].Observation;
            if (!o.IsScored)
            {
                continue;
            }

            double x = (o.RecordedAt - origin).TotalDays, y = o.Score / scale;
            nS++;
            sxS += x;
            sxxS += x * x;
            syS += y;
            sxyS += x * y;
            if (nS < minimum)
            {
                continue;
            }

            double sz = sxS - (x * nS), szz = sxxS - (2 * x * sxS) + (x * x * nS), szy = sxyS - (x * syS);
            double varZ = szz - (sz * sz / n), covZy = szy - (sz * sy / n);
            if (varZ > 1e-12)
            {
                double slope = covZy / varZ;
                double rss = Math.Max(ssTotal - (slope * covZy), 1e-12);
                if (slope > 0 && rss < bestRamp)
                {
                    bestRamp = rss;
                    bestSlope = slope;
                    bestT = slope / Math.Sqrt(rss / Math.Max(1, n - 3) / varZ);
                }
            }

            double before = n - nS;
            if (before >= minimum)
            {
                double step = syy - ((sy - syS) * (sy - syS) / before) - (syS * syS / nS);
                bestStep = Math.Min(bestStep, step);
            }
        }

        return (bestSlope, bestT, Math.Max(0, bestStep) / bestRamp);
    }

    // The fewest clips on either side of a step, or in a ramp's rising part (6: half an hour at one clip every 5 minutes).
    private const int MinimumRun = 6;

    private static string Recommend(DriftCause cause, DriftStatistics s) => cause switch
    {
        DriftCause.Input => "Check the recording chain: microphone cable, channels and converter. Scores of these clips say nothing about the machine.",
        DriftCause.Environment => s.BroadbandShiftDb < 0 || s.ShortBroadbandShiftDb < 0 || s.TiltDb < 0
            ? "Check the microphone: its gain, position and whether it is covered or fouled. Do not retrain until it is fixed."
            : "Check the microphone and its surroundings: a louder background or a moved microphone. If the new background stays, retrain on the last 7 days of normal clips.",
        DriftCause.OperatingPoint => "The machine runs at another operating point. If that is intended, retrain on the last 7 days of normal clips (a person decides; nothing is retrained automatically).",
        DriftCause.Machine => "Inspect the machine: its sound is changing in a few bands and its scores are rising.",
        _ => "Nothing to do.",
    };

    private static double Median(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        values.Sort();
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Entry(DriftObservation Observation, double Offset);

    private sealed record Evaluation(DriftCause Candidate, bool TooFew, DriftStatistics Statistics, IReadOnlyList<string> Reasons);
}
