namespace Auscult.Health;

/// <summary>What a model's training clips looked like at the input, to compare a new clip with.</summary>
/// <param name="SampleRate">The training recordings' own sample rate (before any resampling), in Hz.</param>
/// <param name="Duration">The training clips' typical duration.</param>
/// <param name="MeanRmsDbfs">Mean RMS level of the training clips, in dBFS.</param>
public sealed record InputReference(int SampleRate, TimeSpan Duration, double MeanRmsDbfs);
