using System.Globalization;
using Xunit.Sdk;

namespace Auscult.Tests.TestSupport;

/// <summary>Element-wise closeness checks that report the first index that differs.</summary>
public static class Approx
{
    /// <summary>
    /// Passes when every |expected - actual| &lt;= absTol + relTol * |expected| (numpy's <c>isclose</c> rule).
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double absTol, double relTol = 0)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"Lengths differ: expected {expected.Length}, actual {actual.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!(Math.Abs(e - a) <= absTol + (relTol * Math.Abs(e))))
            {
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"First difference at index {i}: expected {e:R}, actual {a:R} (|diff| {Math.Abs(e - a):G4}, absTol {absTol:G4}, relTol {relTol:G4})."));
            }
        }
    }

    public static void AssertClose(double expected, double actual, double absTol, double relTol = 0)
    {
        if (!(Math.Abs(expected - actual) <= absTol + (relTol * Math.Abs(expected))))
        {
            throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {expected:R}, actual {actual:R} (|diff| {Math.Abs(expected - actual):G4}, absTol {absTol:G4}, relTol {relTol:G4})."));
        }
    }
}
