namespace Auscult.Health;

/// <summary>What a model's training clips looked like at the input, to compare a new clip with (see <see cref="InputReferenceAccumulator"/>).</summary>
/// <param name="SampleRate">The training recordings' own sample rate (before any resampling), in Hz; the most common one.</param>
/// <param name="Duration">The training clips' typical (median) duration.</param>
/// <param name="MeanRmsDbfs">Mean of the training clips' RMS levels (<see cref="InputHealth.RmsDbfs"/>), in dBFS.</param>
/// <param name="ClipCount">Clips measured; 0 when unknown.</param>
/// <param name="RmsDbfsStandardDeviation">Population standard deviation of those levels, in dB; 0 when unknown.</param>
/// <param name="MinRmsDbfs">Quietest clip's level, in dBFS; null when unknown.</param>
/// <param name="MaxRmsDbfs">Loudest clip's level, in dBFS; null when unknown.</param>
/// <param name="ChannelCount">The training recordings' channel count (the most common one); 0 when unknown.</param>
public sealed record InputReference(int SampleRate, TimeSpan Duration, double MeanRmsDbfs, int ClipCount = 0, double RmsDbfsStandardDeviation = 0,
    double? MinRmsDbfs = null, double? MaxRmsDbfs = null, int ChannelCount = 0);
