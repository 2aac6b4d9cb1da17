namespace Auscult.Drift;

/// <summary>One quantile of a score distribution.</summary>
public sealed record ScoreQuantile(double Probability, double Value);
