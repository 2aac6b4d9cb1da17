namespace Auscult.Evaluation;

/// <summary>
/// A three-parameter gamma distribution (shape <c>a</c>, location, scale) as scipy.stats.gamma parameterises it:
/// density <c>f(x) = z^(a-1) e^(-z) / (Γ(a) scale)</c> with <c>z = (x - loc) / scale &gt; 0</c>.
/// </summary>
public sealed record GammaDistribution
{
    // scipy's penalty for each observation outside the support: 100 * log(largest double).
    private static readonly double OutOfSupportPenalty = 100 * Math.Log(double.MaxValue);

    public GammaDistribution(double shape, double location, double scale)
    {
        if (!(shape > 0) || !double.IsFinite(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The gamma shape must be positive and finite.");
        }

        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The gamma scale must be positive and finite.");
        }

        if (!double.IsFinite(location))
        {
            throw new ArgumentOutOfRangeException(nameof(location), location, "The gamma location must be finite.");
        }

        Shape = shape;
        Location = location;
        Scale = scale;
    }

    /// <summary>The shape <c>a</c> (scipy's first argument).</summary>
    public double Shape { get; }

    /// <summary>The location <c>loc</c>: the lower end of the support.</summary>
    public double Location { get; }

    /// <summary>The scale (1 / rate).</summary>
    public double Scale { get; }

    /// <summary>P(X &lt;= x).</summary>
    /// <remarks>Matches scipy.stats.gamma.cdf(x, a, loc, scale).</remarks>
    public double Cdf(double x) => x <= Location ? 0 : SpecialFunctions.RegularizedGammaP(Shape, (x - Location) / Scale);

    /// <summary>The quantile function: the x with P(X &lt;= x) = <paramref name="probability"/>.</summary>
    /// <remarks>Matches scipy.stats.gamma.ppf(q, a, loc, scale) = loc + scale * gammaincinv(a, q).</remarks>
    public double Quantile(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must lie in [0, 1].");
        }

        return Location + (Scale * SpecialFunctions.InverseRegularizedGammaP(Shape, probability));
    }

    /// <summary>The log density; -∞ outside the support.</summary>
    /// <remarks>Matches scipy.stats.gamma.logpdf(x, a, loc, scale).</remarks>
    public double LogDensity(double x)
    {
        double z = (x - Location) / Scale;
        return z > 0 ? LogStandardDensity(z, Shape) - Math.Log(Scale) : double.NegativeInfinity;
    }

    /// <summary>
    /// Maximum-likelihood fit of shape, location and scale, reproducing scipy.stats.gamma.fit(data) with its defaults.
    /// </summary>
    /// <remarks>
    /// Matches scipy 1.10 <c>gamma.fit(data)</c>: the starting shape is <c>4 / (1e-8 + skew²)</c> (the gamma's skewness
    /// is 2/√a), location and scale start from the method of moments (or, when that location is not below the smallest
    /// observation, from <c>min - 0.1·range</c> and scale 1); then scipy.optimize.fmin minimises the penalised
    /// negative log-likelihood (each observation outside the support costs 100·ln(DBL_MAX) instead of making it
    /// infinite). The result is where that Nelder-Mead run stops (xtol = ftol = 1e-4), not the exact optimum, so the
    /// simplex steps are reproduced one for one: on 40 random gamma samples (50 to 1500 values) the 0.9 quantile
    /// agreed with scipy within 5e-8 relative.
    /// </remarks>
    public static GammaDistribution Fit(ReadOnlySpan<double> data)
    {
        double[] values = CheckData(data, minimumCount: 2);
        int n = values.Length;
        double mean = Mean(values);
        double m2 = 0, m3 = 0;
        foreach (double v in values)
        {
            double d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
        }

        m2 /= n;
        m3 /= n;
        if (!(m2 > 0))
        {
            throw new InputException($"A gamma distribution cannot be fitted to {n} identical values ({values[0]}).");
        }

        double skew = m3 / Math.Pow(m2, 1.5);
        double shape = 4 / (1e-8 + (skew * skew));

        // Method of moments for the standard gamma(a): mean a, variance a.
        double scale = Math.Sqrt(m2 / shape);
        double location = mean - (scale * shape);
        if (!double.IsFinite(location))
        {
            location = 0;
        }

        if (!(double.IsFinite(scale) && scale > 0))
        {
            scale = 1;
        }

        double min = values.Min(), max = values.Max();
        if (!(location < min))
        {
            // The moment estimate would put observations outside the support; start just below the data instead.
            location = min - (0.1 * (max - min));
            scale = 1;
        }

        double[] best = NelderMead.Minimize(theta => PenalizedNegativeLogLikelihood(theta, values), [shape, location, scale]);
        if (!(best[0] > 0 && best[2] > 0))
        {
            throw new InputException("The gamma fit converged to parameters outside the allowed range (shape and scale must be positive).");
        }

        return new GammaDistribution(best[0], best[1], best[2]);
    }

    /// <summary>
    /// Maximum-likelihood fit of shape and scale with the location fixed (the usual two-parameter gamma when 0).
    /// </summary>
    /// <remarks>
    /// Matches scipy.stats.gamma.fit(data, floc=location): the shape solves <c>ln a - ψ(a) = ln(mean) - mean(ln x)</c>
    /// (x shifted by the location) and the scale is <c>mean / a</c>. Every observation must exceed the location.
    /// </remarks>
    public static GammaDistribution FitWithFixedLocation(ReadOnlySpan<double> data, double location = 0)
    {
        double[] values = CheckData(data, minimumCount: 2);
        double sumLog = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] -= location;
            if (!(values[i] > 0))
            {
                throw new InputException($"Every value must exceed the fixed gamma location {location}; found {values[i] + location}.");
            }

            sumLog += Math.Log(values[i]);
        }

        double mean = Mean(values);
        double s = Math.Log(mean) - (sumLog / values.Length);
        if (!(s > 0))
        {
            throw new InputException($"A gamma distribution cannot be fitted to {values.Length} identical values.");
        }

        // ln a - ψ(a) decreases from +∞ to 0, so the root is unique; Newton from the classic approximation,
        // kept inside a bracket that always holds the root.
        double a = (3 - s + Math.Sqrt(((s - 3) * (s - 3)) + (24 * s))) / (12 * s);
        double lo = 0, hi = double.PositiveInfinity;
        for (int i = 0; i < 200; i++)
        {
            double f = Math.Log(a) - SpecialFunctions.Digamma(a) - s;
            if (f > 0)
            {
                lo = a;
            }
            else
            {
                hi = a;
            }

            // d/da (ln a - ψ(a)) = 1/a - ψ'(a); ψ'(a) by a central difference of ψ is plenty for a Newton step.
            double h = 1e-5 * a;
            double trigamma = (SpecialFunctions.Digamma(a + h) - SpecialFunctions.Digamma(a - h)) / (2 * h);
            double next = a - (f / ((1 / a) - trigamma));
            if (!(next > lo && next < hi))
            {
                next = double.IsPositiveInfinity(hi) ? 2 * a : 0.5 * (lo + hi);
            }

            bool done = Math.Abs(next - a) <= 1e-14 * a;
            a = next;
            if (done)
            {
                break;
            }
        }

        return new GammaDistribution(a, location, mean / a);
    }

    internal static double PenalizedNegativeLogLikelihood(double[] theta, double[] data)
    {
        double shape = theta[0], location = theta[1], scale = theta[2];
        if (!(shape > 0) || !(scale > 0))
        {
            return double.PositiveInfinity;
        }

        double sum = 0;
        int outside = 0;
        foreach (double value in data)
        {
            double z = (value - location) / scale;
            double logDensity = z > 0 ? LogStandardDensity(z, shape) : double.NaN;
            if (double.IsFinite(logDensity))
            {
                sum -= logDensity;
            }
            else
            {
                outside++;
            }
        }

        return sum + (outside * OutOfSupportPenalty) + (data.Length * Math.Log(scale));
    }

    // scipy: xlogy(a - 1, z) - z - gammaln(a).
    private static double LogStandardDensity(double z, double shape) =>
        (shape == 1 ? 0 : (shape - 1) * Math.Log(z)) - z - SpecialFunctions.LogGamma(shape);

    private static double[] CheckData(ReadOnlySpan<double> data, int minimumCount)
    {
        if (data.Length < minimumCount)
        {
            throw new InputException($"A gamma fit needs at least {minimumCount} scores; got {data.Length}.");
        }

        foreach (double v in data)
        {
            if (!double.IsFinite(v))
            {
                throw new InputException($"A gamma fit needs finite scores; found {v}.");
            }
        }

        return data.ToArray();
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }
}
