namespace Auscult.Torch.Scoring;

/// <summary>The reconstruction error of one clip.</summary>
/// <param name="Score">
/// The anomaly score: mean squared reconstruction error over all of the clip's context vectors (the baselines'
/// definition). Equals the mean of <paramref name="VectorErrors"/> and the mean of <paramref name="BandErrors"/>.
/// </param>
/// <param name="VectorErrors">Mean squared error of each context vector; vector t covers frames t..t+K-1.</param>
/// <param name="BandErrors">Mean squared error of each mel band, averaged over the vectors and the K frame positions.</param>
public sealed record ClipScore(double Score, float[] VectorErrors, float[] BandErrors);
