namespace Auscult.Data.Synthesis;

/// <summary>
/// A clip before mixing: machine and background separately (interleaved, same layout as the output), so tests can
/// measure the SNR on the output. Sample i of channel c is <c>OutputGain * (Machine[i] + NoiseGains[c] * Noise[i])</c>;
/// <c>ReferencePower[c]</c> is the machine model's average normal power at microphone c (MIMII's a).
/// </summary>
internal sealed record ClipParts(float[] Machine, float[]? Noise, double[] NoiseGains, double[] ReferencePower, double OutputGain,
    int Channels, int SampleRate);
