using Auscult.Audio;
using System.Collections.Concurrent;

namespace Auscult.Data.Synthesis;

/// <summary>
/// Synthesises MIMII-like machine recordings: a physically motivated model of the machine (<see cref="MachineType"/>)
/// with natural clip-to-clip variation, an optional fault (<see cref="AnomalyKind"/>) of a given severity, and factory
/// background noise mixed at a given SNR, on one microphone or MIMII's eight-microphone circular array.
/// </summary>
/// <remarks>
/// <para>Deterministic: the output depends only on the <see cref="ClipSpec"/> (its seed included), not on call order or
/// threads; the instance is thread-safe and caches per-machine constants. Uses its own PRNG (xoshiro256**), so results
/// do not change with the runtime's <see cref="Random"/>. Sample values go through <see cref="Math.Sin(double)"/>, so
/// they are identical on one platform and may differ in the last bit between CPU architectures.</para>
/// <para>A normal and an abnormal clip with the same seed share the machine's variation and the background exactly and
/// differ only by the fault; clips with the same seed and different SNRs differ only in the background's gain (as MIMII
/// mixed the same recordings with noise at 6, 0 and -6 dB).</para>
/// <para>SNR: 10 log10(P_machine / P_noise), each power summed over the whole clip and all channels, measured on the
/// machine and background signals as they reach the microphones.</para>
/// </remarks>
public sealed class MachineSoundSynthesizer
{
    private const ulong VariationStream = 1;
    private const ulong FaultStream = 2;
    private const ulong NoiseStream = 3;
    private const ulong ReferenceSeed = 0x5245464552454E43; // "REFERENC"

    private readonly ConcurrentDictionary<(MachineType Type, int Id), MachineProfile> _profiles = new();
    private readonly ConcurrentDictionary<(MachineType Type, int Id, int SampleRate), double> _gains = new();

    /// <summary>Synthesises the clip <paramref name="spec"/> describes; samples lie within +-0.95.</summary>
    /// <exception cref="AuscultException">The spec is invalid (see <see cref="ClipSpec.Validate"/>).</exception>
    public AudioClip Synthesize(ClipSpec spec)
    {
        ClipParts parts = SynthesizeParts(spec);
        var samples = new float[parts.Machine.Length];
        float noiseGain = (float)parts.NoiseGain, outputGain = (float)parts.OutputGain;
        for (int i = 0; i < samples.Length; i++)
        {
            float noise = parts.Noise is null ? 0f : parts.Noise[i];
            samples[i] = outputGain * (parts.Machine[i] + (noiseGain * noise));
        }

        return new AudioClip(samples, parts.Channels, parts.SampleRate);
    }

    /// <summary>The machine and background signals at the microphones, and the gains that mix them.</summary>
    internal ClipParts SynthesizeParts(ClipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        int frames = spec.FrameCount;
        var array = MicrophoneArray.Create(spec.Channels);
        MachineProfile profile = Profile(spec.Type, spec.MachineId);

        float[] source = RenderMachineSource(profile, spec.Anomaly, spec.Severity, spec.Seed, frames, spec.SampleRate);
        float gain = (float)ReferenceGain(profile, spec.SampleRate);
        for (int i = 0; i < source.Length; i++)
        {
            source[i] *= gain;
        }

        var machine = new float[frames * spec.Channels];
        Spatializer.AddSource(source, machine, array, profile.AzimuthRadians, profile.DistanceMeters, spec.SampleRate);

        float[]? noise = null;
        double noiseGain = 0;
        if (!double.IsPositiveInfinity(spec.SnrDb))
        {
            noise = RenderBackground(SynthesisRandom.Stream(spec.Seed, NoiseStream), array, frames, spec.SampleRate);
            double machinePower = SignalKit.SumOfSquares(machine);
            double noisePower = SignalKit.SumOfSquares(noise);
            // Choose g so that 10 log10(P_machine / (g^2 P_noise)) = SNR exactly.
            noiseGain = noisePower > 0 ? Math.Sqrt(machinePower / (noisePower * Math.Pow(10, spec.SnrDb / 10))) : 0;
        }

        double peak = 0;
        for (int i = 0; i < machine.Length; i++)
        {
            double value = machine[i] + (noise is null ? 0 : noiseGain * noise[i]);
            peak = Math.Max(peak, Math.Abs(value));
        }

        // Scale a loud clip down as a whole rather than clip it: the SNR and the spectrum's shape survive.
        double outputGain = peak > SynthesisCalibration.MaxPeak ? SynthesisCalibration.MaxPeak / peak : 1.0;
        return new ClipParts(machine, noise, noiseGain, outputGain, spec.Channels, spec.SampleRate);
    }

    /// <summary>The machine model's mono output with <see cref="Spatializer.Margin"/> samples of lead-in and tail.</summary>
    private static float[] RenderMachineSource(MachineProfile profile, AnomalyKind anomaly, double severity, ulong seed,
        int frames, int sampleRate)
    {
        var source = new float[frames + (2 * Spatializer.Margin)];
        SynthesisRandom variation = SynthesisRandom.Stream(seed, VariationStream);
        SynthesisRandom fault = SynthesisRandom.Stream(seed, FaultStream);
        switch (profile.Type)
        {
            case MachineType.Fan:
            case MachineType.Pump:
                RotatingMachineModel.Render(source, sampleRate, profile, variation, anomaly, severity, fault);
                break;
            case MachineType.Valve:
                ValveModel.Render(source, sampleRate, profile, variation, anomaly, severity, fault);
                break;
            case MachineType.Slider:
                SliderModel.Render(source, sampleRate, profile, variation, anomaly, severity, fault);
                break;
        }

        return source;
    }

    private static float[] RenderBackground(SynthesisRandom random, MicrophoneArray array, int frames, int sampleRate)
    {
        var model = new FactoryNoiseModel(random);
        int channels = array.Channels;
        var noise = new float[frames * channels];
        var channel = new float[frames];
        for (int c = 0; c < channels; c++)
        {
            Array.Clear(channel);
            model.AddDiffuse(channel, sampleRate);
            for (int n = 0; n < frames; n++)
            {
                noise[(n * channels) + c] = channel[n];
            }
        }

        var source = new float[frames + (2 * Spatializer.Margin)];
        model.AddOtherMachine(source, sampleRate);
        Spatializer.AddSource(source, noise, array, model.OtherMachineAzimuth, model.OtherMachineDistance, sampleRate);
        Array.Clear(source);
        model.AddHum(source, sampleRate);
        Spatializer.AddSource(source, noise, array, model.HumAzimuth, model.HumDistance, sampleRate);
        Array.Clear(source);
        model.AddEvents(source, sampleRate);
        Spatializer.AddSource(source, noise, array, model.EventAzimuth, model.EventDistance, sampleRate);
        return noise;
    }

    private MachineProfile Profile(MachineType type, int id) => _profiles.GetOrAdd((type, id), key => MachineProfile.Create(key.Type, key.Id));

    /// <summary>
    /// The gain that brings this machine's normal sound to <see cref="SynthesisCalibration.MachineTargetRms"/>: measured
    /// once on a fixed 10-s reference clip, then applied to every clip of the machine, so a fault that makes the machine
    /// louder (or quieter) stays louder. Pure function of (type, id, rate): a race computes the same value twice.
    /// </summary>
    private double ReferenceGain(MachineProfile profile, int sampleRate) =>
        _gains.GetOrAdd((profile.Type, profile.Id, sampleRate), key =>
        {
            float[] reference = RenderMachineSource(profile, AnomalyKind.None, 0,
                SynthesisRandom.Hash(ReferenceSeed, (ulong)key.Type, (ulong)key.Id), 10 * key.SampleRate, key.SampleRate);
            return SynthesisCalibration.MachineTargetRms(key.Type) / SignalKit.Rms(reference);
        });
}
