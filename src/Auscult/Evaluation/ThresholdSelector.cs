namespace Auscult.Evaluation;

/// <summary>
/// Chooses a decision threshold on anomaly scores. Training-score methods (<see cref="Percentile"/>,
/// <see cref="Gamma"/>) need only normal clips; validation methods (<see cref="EqualErrors"/>, <see cref="MaxF1"/>,
/// <see cref="YoudenJ"/>) need labelled normal and anomalous clips. Clips with <c>score &gt; threshold</c> are decided
/// anomalous.
/// </summary>
/// <remarks>
/// The validation methods look at the thresholds of <see cref="ThresholdSweep"/> (every distinct score). Any
/// threshold in <c>[s_k, s_k+1)</c> between two consecutive distinct scores classifies the validation clips alike,
/// so the returned value is the centre of the chosen interval, the point farthest from both scores: it does not
/// hinge on a clip that happens to score exactly at the boundary. When the best interval is the last one (every
/// clip decided normal), the highest score itself is returned.
/// </remarks>
public static class ThresholdSelector
{
    /// <summary>The DCASE 2022+ default quantile of the fitted gamma distribution.</summary>
    public const double DefaultGammaQuantile = 0.9;

    /// <summary>Chooses by <paramref name="method"/>, so a command line or manifest can name the method.</summary>
    /// <param name="method">The selection method.</param>
    /// <param name="parameter">
    /// The method's parameter: the threshold for <see cref="ThresholdMethod.Fixed"/>, the percentile (0 to 100) for
    /// <see cref="ThresholdMethod.Percentile"/>, the quantile (0 to 1) for <see cref="ThresholdMethod.Gamma"/>;
    /// ignored by the validation methods.
    /// </param>
    /// <param name="trainingScores">Scores of normal training clips (Percentile, Gamma).</param>
    /// <param name="validationLabels">Labels of validation clips, true = anomalous (EqualErrors, MaxF1, YoudenJ).</param>
    /// <param name="validationScores">Scores of validation clips (EqualErrors, MaxF1, YoudenJ).</param>
    public static ThresholdChoice Select(
        ThresholdMethod method,
        double parameter,
        ReadOnlySpan<double> trainingScores,
        ReadOnlySpan<bool> validationLabels = default,
        ReadOnlySpan<double> validationScores = default) => method switch
    {
        ThresholdMethod.Fixed => Fixed(parameter),
        ThresholdMethod.Percentile => Percentile(trainingScores, parameter),
        ThresholdMethod.Gamma => Gamma(trainingScores, parameter),
        ThresholdMethod.EqualErrors => EqualErrors(validationLabels, validationScores),
        ThresholdMethod.MaxF1 => MaxF1(validationLabels, validationScores),
        ThresholdMethod.YoudenJ => YoudenJ(validationLabels, validationScores),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown threshold method."),
    };

    /// <summary>Returns the given threshold.</summary>
    public static ThresholdChoice Fixed(double threshold)
    {
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold must be a finite number.");
        }

        return new ThresholdChoice(threshold, ThresholdMethod.Fixed, new Dictionary<string, double> { ["threshold"] = threshold });
    }

    /// <summary>The <paramref name="percentile"/>-th percentile (0 to 100) of the training scores.</summary>
    /// <remarks>Matches numpy.percentile(scores, percentile) (method="linear", numpy's default).</remarks>
    public static ThresholdChoice Percentile(ReadOnlySpan<double> trainingScores, double percentile = 90)
    {
        double threshold = Quantiles.Percentile(trainingScores, percentile);
        return new ThresholdChoice(threshold, ThresholdMethod.Percentile, new Dictionary<string, double> { ["percentile"] = percentile });
    }

    /// <summary>
    /// Fits a three-parameter gamma distribution to the training scores and returns its <paramref name="quantile"/>
    /// quantile: the DCASE 2022+ baseline's decision threshold.
    /// </summary>
    /// <remarks>
    /// Matches <c>scipy.stats.gamma.ppf(q, *scipy.stats.gamma.fit(scores))</c>; see <see cref="GammaDistribution.Fit"/>.
    /// </remarks>
    public static ThresholdChoice Gamma(ReadOnlySpan<double> trainingScores, double quantile = DefaultGammaQuantile)
    {
        if (!(quantile > 0 && quantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The gamma quantile must lie in (0, 1).");
        }

        var fit = GammaDistribution.Fit(trainingScores);
        return new ThresholdChoice(fit.Quantile(quantile), ThresholdMethod.Gamma, new Dictionary<string, double>
        {
            ["quantile"] = quantile,
            ["shape"] = fit.Shape,
            ["location"] = fit.Location,
            ["scale"] = fit.Scale,
        });
    }

    /// <summary>
    /// The threshold where false positives equal false negatives on validation data (the AWS sample's rule).
    /// </summary>
    /// <remarks>
    /// FP falls and FN rises as the threshold rises, so |FP - FN| has one contiguous run of minimisers (a single
    /// threshold when an exact equality exists, several when the counts cross between two scores or a plateau
    /// ties). The result is the centre of the whole run: the midpoint of the lowest minimising score and the next
    /// distinct score above the highest minimising one (or that highest score when none is above).
    /// </remarks>
    /// <exception cref="AuscultException">One class is missing, or a score is not finite.</exception>
    public static ThresholdChoice EqualErrors(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        ScoreInput.Check(labels, scores, requireBothClasses: true);
        var sweep = ThresholdSweep.Compute(labels, scores);
        int best = int.MaxValue, first = -1, last = -1;
        for (int k = 0; k < sweep.Count; k++)
        {
            int gap = Math.Abs(sweep.FalsePositives[k] - sweep.FalseNegatives[k]);
            if (gap < best)
            {
                (best, first, last) = (gap, k, k);
            }
            else if (gap == best)
            {
                last = k;
            }
        }

        double upper = last + 1 < sweep.Count ? sweep.Thresholds[last + 1] : sweep.Thresholds[last];
        double threshold = Midpoint(sweep.Thresholds[first], upper);
        return new ThresholdChoice(threshold, ThresholdMethod.EqualErrors, new Dictionary<string, double>
        {
            ["falsePositives"] = sweep.FalsePositives[first],
            ["falseNegatives"] = sweep.FalseNegatives[first],
        });
    }

    /// <summary>The threshold with the highest F1 (anomaly positive) on validation data.</summary>
    /// <remarks>Ties go to the lowest threshold; the value returned is the centre of its interval (see the class remarks).</remarks>
    /// <exception cref="AuscultException">One class is missing, or a score is not finite.</exception>
    public static ThresholdChoice MaxF1(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores) =>
        Maximise(labels, scores, ThresholdMethod.MaxF1, m => m.F1, "f1");

    /// <summary>The threshold with the highest Youden J = TPR - FPR on validation data.</summary>
    /// <remarks>Ties go to the lowest threshold; the value returned is the centre of its interval (see the class remarks).</remarks>
    /// <exception cref="AuscultException">One class is missing, or a score is not finite.</exception>
    public static ThresholdChoice YoudenJ(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores) =>
        Maximise(labels, scores, ThresholdMethod.YoudenJ, m => m.Recall - m.FalsePositiveRate, "youdenJ");

    private static ThresholdChoice Maximise(
        ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, ThresholdMethod method, Func<BinaryMetrics, double> objective, string name)
    {
        ScoreInput.Check(labels, scores, requireBothClasses: true);
        var sweep = ThresholdSweep.Compute(labels, scores);
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int k = 0; k < sweep.Count; k++)
        {
            double value = objective(sweep.MetricsAt(k));
            if (value > bestValue)
            {
                (best, bestValue) = (k, value);
            }
        }

        double upper = best + 1 < sweep.Count ? sweep.Thresholds[best + 1] : sweep.Thresholds[best];
        return new ThresholdChoice(Midpoint(sweep.Thresholds[best], upper), method, new Dictionary<string, double> { [name] = bestValue });
    }

    // Halves first so that no finite pair overflows; when a and b are adjacent doubles the rounded midpoint can
    // land on b, which would flip the clips scoring b, so a is kept then.
    private static double Midpoint(double a, double b)
    {
        double middle = (a / 2) + (b / 2);
        return middle < b ? Math.Max(middle, a) : a;
    }
}
