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
/// <para>SNR as MIMII defines it (Purohit et al., 2019, Sec. 4: channels mixed separately; the background segment's power
/// b tuned so that 10 log10(a / b) = SNR, where a is the machine model's average power over all its segments):
/// per channel, the background's power over the clip is set against the machine model's average normal power at that
/// microphone. A normal clip's own machine-to-background ratio is therefore within about a decibel of the nominal SNR;
/// a fault that changes the machine's loudness changes it.</para>
/// </remarks>
public sealed class MachineSoundSynthesizer
{
    private const ulong VariationStream = 1;
    private const ulong FaultStream = 2;
    private const ulong NoiseStream = 3;
    private const ulong ReferenceSeed = 0x5245464552454E43; // "REFERENC"

    private readonly ConcurrentDictionary<(MachineType Type, int Id), MachineProfile> _profiles = new();
    private static readonly ConcurrentDictionary<(MachineType Type, int Id, int SampleRate), double> Gains = new();

    /// <summary>Normal clips averaged for the calibration: 6 clips of 10 s bring the load jitter's 0.8 dB down to ~0.3 dB.</summary>
    private const int ReferenceClips = 6;

    /// <summary>Synthesises the clip <paramref name="spec"/> describes; samples lie within +-0.95.</summary>
    /// <exception cref="AuscultException">The spec is invalid (see <see cref="ClipSpec.Validate"/>).</exception>
    public AudioClip Synthesize(ClipSpec spec)
    {
        ClipParts parts = SynthesizeParts(spec);
        var samples = new float[parts.Machine.Length];
        float outputGain = (float)parts.OutputGain;
        for (int i = 0; i < samples.Length; i++)
        {
            float noise = parts.Noise is null ? 0f : (float)parts.NoiseGains[i % parts.Channels] * parts.Noise[i];
            samples[i] = outputGain * (parts.Machine[i] + noise);
        }

        return new AudioClip(samples, parts.Channels, parts.SampleRate);
    }

    /// <summary>The machine and background signals at the microphones, and the gains that mix them.</summary>
    /// <param name="spec">The clip.</param>
    /// <param name="operatingSpeed">
    /// The machine's operating speed relative to its nominal one (fans and pumps; 1 for the others): a normal change of
    /// operating point, as a drive's set-point change makes, not a fault.
    /// </param>
    internal ClipParts SynthesizeParts(ClipSpec spec, double operatingSpeed = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        int frames = spec.FrameCount;
        var array = MicrophoneArray.Create(spec.Channels);
        MachineProfile profile = Profile(spec.Type, spec.MachineId);

        float[] source = RenderMachineSource(profile, spec.Anomaly, spec.Severity, spec.Seed, frames, spec.SampleRate, operatingSpeed);
        float gain = (float)ReferenceGain(profile, spec.SampleRate);
        for (int i = 0; i < source.Length; i++)
        {
            source[i] *= gain;
        }

        var machine = new float[frames * spec.Channels];
        Spatializer.AddSource(source, machine, array, profile.AzimuthRadians, profile.DistanceMeters, spec.SampleRate);

        // MIMII's SNR: the background's power on each channel is set against the machine model's average power on
        // that channel (the calibrated target, times the channel's spreading gain squared), not against this clip's
        // power. A louder (faulty) clip therefore gets the same background as a normal one, as in the recordings.
        double target = SynthesisCalibration.MachineTargetRms(spec.Type);
        var referencePower = new double[spec.Channels];
        for (int c = 0; c < referencePower.Length; c++)
        {
            double spreading = spec.Channels == 1 ? 1 : array.Path(c, profile.AzimuthRadians, profile.DistanceMeters, spec.SampleRate).Gain;
            referencePower[c] = target * target * spreading * spreading;
        }

        float[]? noise = null;
        var noiseGains = new double[spec.Channels];
        if (!double.IsPositiveInfinity(spec.SnrDb))
        {
            noise = RenderBackground(SynthesisRandom.Stream(spec.Seed, NoiseStream), array, frames, spec.SampleRate);
            for (int c = 0; c < spec.Channels; c++)
            {
                double noisePower = 0;
                for (int i = c; i < noise.Length; i += spec.Channels)
                {
                    noisePower += (double)noise[i] * noise[i];
                }

                noisePower /= frames;
                // g such that 10 log10(P_reference / (g^2 P_noise)) = SNR exactly, channel by channel.
                noiseGains[c] = noisePower > 0 ? Math.Sqrt(referencePower[c] / (noisePower * Math.Pow(10, spec.SnrDb / 10))) : 0;
            }
        }

        double peak = 0;
        for (int i = 0; i < machine.Length; i++)
        {
            double value = machine[i] + (noise is null ? 0 : noiseGains[i % spec.Channels] * noise[i]);
            peak = Math.Max(peak, Math.Abs(value));
        }

        // Scale a loud clip down as a whole rather than clip it: the spectrum's shape and the machine-to-background ratio
        // survive (the rare clip this touches is quieter than its siblings).
        double outputGain = peak > SynthesisCalibration.MaxPeak ? SynthesisCalibration.MaxPeak / peak : 1.0;
        return new ClipParts(machine, noise, noiseGains, referencePower, outputGain, spec.Channels, spec.SampleRate);
    }

    /// <summary>The machine model's mono output with <see cref="Spatializer.Margin"/> samples of lead-in and tail.</summary>
    private static float[] RenderMachineSource(MachineProfile profile, AnomalyKind anomaly, double severity, ulong seed,
        int frames, int sampleRate, double operatingSpeed = 1)
    {
        var source = new float[frames + (2 * Spatializer.Margin)];
        SynthesisRandom variation = SynthesisRandom.Stream(seed, VariationStream);
        SynthesisRandom fault = SynthesisRandom.Stream(seed, FaultStream);
        switch (profile.Type)
        {
            case MachineType.Fan:
            case MachineType.Pump:
                RotatingMachineModel.Render(source, sampleRate, profile, variation, anomaly, severity, fault, operatingSpeed);
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
    /// The gain that brings this machine's average normal power to <see cref="SynthesisCalibration.MachineTargetRms"/>
    /// squared: measured once on <see cref="ReferenceClips"/> normal 10-s clips (averaging out their load jitter), then
    /// applied to every clip of the machine, so a fault that makes the machine louder (or quieter) stays louder. A pure
    /// function of (type, id, rate), shared by all instances; a race computes the same value twice.
    /// </summary>
    private static double ReferenceGain(MachineProfile profile, int sampleRate) =>
        Gains.GetOrAdd((profile.Type, profile.Id, sampleRate), key =>
        {
            double power = 0;
            for (int k = 0; k < ReferenceClips; k++)
            {
                float[] reference = RenderMachineSource(profile, AnomalyKind.None, 0,
                    SynthesisRandom.Hash(ReferenceSeed, (ulong)key.Type, (ulong)key.Id, (ulong)k), 10 * key.SampleRate, key.SampleRate);
                double rms = SignalKit.Rms(reference);
                power += rms * rms / ReferenceClips;
            }

            return SynthesisCalibration.MachineTargetRms(key.Type) / Math.Sqrt(power);
        });
}
