namespace Auscult.Evaluation;

/// <summary>The downhill simplex minimiser, step for step as scipy.optimize.fmin (non-adaptive Nelder-Mead).</summary>
/// <remarks>
/// scipy 1.10 <c>_minimize_neldermead</c>: initial simplex x0 plus, per coordinate, x0 with that coordinate scaled by
/// 1.05 (or set to 0.00025 when zero); reflection 1, expansion 2, contraction 0.5, shrink 0.5; stop when every vertex
/// is within <c>xatol</c> of the best and every value within <c>fatol</c>, or after 200·N iterations or evaluations.
/// Reproducing the steps, not just the optimum, is what makes <see cref="GammaDistribution.Fit"/> land where
/// scipy.stats.gamma.fit lands (its tolerances stop it short of the exact optimum).
/// </remarks>
internal static class NelderMead
{
    private const double Rho = 1, Chi = 2, Psi = 0.5, Sigma = 0.5;

    public static double[] Minimize(Func<double[], double> function, double[] start, double xTolerance = 1e-4, double fTolerance = 1e-4)
    {
        int n = start.Length;
        int maxIterations = 200 * n, maxEvaluations = 200 * n;
        int evaluations = 0;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];

        simplex[0] = (double[])start.Clone();
        for (int k = 0; k < n; k++)
        {
            var vertex = (double[])start.Clone();
            vertex[k] = vertex[k] != 0 ? (1 + 0.05) * vertex[k] : 0.00025;
            simplex[k + 1] = vertex;
        }

        bool exhausted = false;
        double Evaluate(double[] x)
        {
            // scipy raises once the budget is spent and keeps the simplex as it stands.
            if (evaluations >= maxEvaluations)
            {
                exhausted = true;
                return double.NaN;
            }

            evaluations++;
            return function((double[])x.Clone());
        }

        for (int k = 0; k <= n; k++)
        {
            values[k] = Evaluate(simplex[k]);
        }

        Sort(simplex, values);
        int iterations = 1;
        while (evaluations < maxEvaluations && iterations < maxIterations && !exhausted)
        {
            if (Converged(simplex, values, xTolerance, fTolerance))
            {
                break;
            }

            var centroid = new double[n];
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    centroid[k] += simplex[j][k];
                }
            }

            for (int k = 0; k < n; k++)
            {
                centroid[k] /= n;
            }

            double[] worst = simplex[n];
            double[] reflected = Combine(1 + Rho, centroid, -Rho, worst);
            double fReflected = Evaluate(reflected);
            if (exhausted)
            {
                break;
            }

            if (fReflected < values[0])
            {
                double[] expanded = Combine(1 + (Rho * Chi), centroid, -Rho * Chi, worst);
                double fExpanded = Evaluate(expanded);
                if (exhausted)
                {
                    break;
                }

                (simplex[n], values[n]) = fExpanded < fReflected ? (expanded, fExpanded) : (reflected, fReflected);
            }
            else if (fReflected < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fReflected);
            }
            else
            {
                bool shrink;
                if (fReflected < values[n])
                {
                    double[] outside = Combine(1 + (Psi * Rho), centroid, -Psi * Rho, worst);
                    double fOutside = Evaluate(outside);
                    if (exhausted)
                    {
                        break;
                    }

                    shrink = !(fOutside <= fReflected);
                    if (!shrink)
                    {
                        (simplex[n], values[n]) = (outside, fOutside);
                    }
                }
                else
                {
                    double[] inside = Combine(1 - Psi, centroid, Psi, worst);
                    double fInside = Evaluate(inside);
                    if (exhausted)
                    {
                        break;
                    }

                    shrink = !(fInside < values[n]);
                    if (!shrink)
                    {
                        (simplex[n], values[n]) = (inside, fInside);
                    }
                }

                if (shrink)
                {
                    for (int j = 1; j <= n; j++)
                    {
                        for (int k = 0; k < n; k++)
                        {
                            simplex[j][k] = simplex[0][k] + (Sigma * (simplex[j][k] - simplex[0][k]));
                        }

                        values[j] = Evaluate(simplex[j]);
                        if (exhausted)
                        {
                            break;
                        }
                    }
                }
            }

            iterations++;
            Sort(simplex, values);
        }

        Sort(simplex, values);
        return simplex[0];
    }

    private static double[] Combine(double a, double[] x, double b, double[] y)
    {
        var result = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            result[k] = (a * x[k]) + (b * y[k]);
        }

        return result;
    }

    private static bool Converged(double[][] simplex, double[] values, double xTolerance, double fTolerance)
    {
        double maxStep = 0, maxChange = 0;
        for (int j = 1; j < simplex.Length; j++)
        {
            for (int k = 0; k < simplex[0].Length; k++)
            {
                maxStep = Math.Max(maxStep, Math.Abs(simplex[j][k] - simplex[0][k]));
            }

            maxChange = Math.Max(maxChange, Math.Abs(values[0] - values[j]));
        }

        return maxStep <= xTolerance && maxChange <= fTolerance;
    }

    /// <summary>Stable ascending sort by value (numpy's argsort on N+1 &lt;= 16 items is an insertion sort, so stable).</summary>
    private static void Sort(double[][] simplex, double[] values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            double value = values[i];
            double[] vertex = simplex[i];
            int j = i - 1;
            while (j >= 0 && Greater(values[j], value))
            {
                values[j + 1] = values[j];
                simplex[j + 1] = simplex[j];
                j--;
            }

            values[j + 1] = value;
            simplex[j + 1] = vertex;
        }
    }

    // numpy sorts NaN last; +inf (an invalid parameter set) sorts before NaN and after every finite value.
    private static bool Greater(double a, double b) => double.IsNaN(b) ? false : double.IsNaN(a) || a > b;
}
