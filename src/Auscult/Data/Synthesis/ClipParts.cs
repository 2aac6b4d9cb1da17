namespace Auscult.Data.Synthesis;

/// <summary>
/// A clip before mixing: machine and background separately (interleaved, same layout as the output), so tests can
/// measure the SNR on the output. The clip is <c>OutputGain * (Machine + NoiseGain * Noise)</c>.
/// </summary>
internal sealed record ClipParts(float[] Machine, float[]? Noise, double NoiseGain, double OutputGain, int Channels, int SampleRate);
