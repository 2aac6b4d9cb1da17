namespace Auscult.Drift;

/// <summary>How one mel band moved over a drift window.</summary>
/// <param name="Band">The band's index, 0 for the lowest.</param>
/// <param name="ShiftDb">Its mean level against the training mean, in dB.</param>
/// <param name="LocalDb">Its shift against its smoothed neighbours', in dB (large: a narrow-band change).</param>
/// <param name="Psi">Its population stability index against the training quantile bins.</param>
public sealed record BandShift(int Band, double ShiftDb, double LocalDb, double Psi);
