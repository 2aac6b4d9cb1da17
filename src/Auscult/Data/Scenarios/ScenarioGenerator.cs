using System.Globalization;
using System.Text.Json;
using Auscult.Audio;
using Auscult.Data.Synthesis;
using Auscult.Drift;

namespace Auscult.Data.Scenarios;

/// <summary>
/// Synthesises a drift scenario: a clip every <see cref="ScenarioOptions.Interval"/> from each machine over
/// <see cref="ScenarioOptions.Days"/> days, with the scenario's event staged on the first machine from
/// <see cref="ScenarioOptions.ResolvedEventDay"/> on. Deterministic: a clip's samples depend only on the options and its
/// place in the series, not on threads or order.
/// </summary>
/// <remarks>
/// The event sizes, each a reason: the microphone gain step is -12 dB (a preamplifier range switch; the step);
/// the fouled microphone is a second-order low-pass at 2 kHz (dust or oil film on the membrane: -12 dB at 4 kHz);
/// the background rises by 12 dB over one day (from 6 dB SNR to -6 dB, MIMII's noisiest condition); the speed change is
/// +6% (a drive set-point change, within a fan's normal range and under the 8% a voltage fault causes); the fault grows
/// from nothing to full severity over three days; the gap lasts one day; the dead channel is channel 0, the one the
/// features read, left with only its converter's noise (-85 dBFS).
/// </remarks>
public sealed class ScenarioGenerator
{
    /// <summary>The gain step of <see cref="DriftScenario.MicGainDrop"/>, in dB.</summary>
    public const double GainStepDb = -12;

    /// <summary>The fouled microphone's low-pass cut-off, in Hz.</summary>
    public const double FouledCutoffHz = 2000;

    /// <summary>The background's rise in <see cref="DriftScenario.BackgroundRise"/>, in dB.</summary>
    public const double BackgroundRiseDb = 12;

    /// <summary>The new operating speed of <see cref="DriftScenario.SpeedChange"/>, relative to nominal.</summary>
    public const double NewSpeed = 1.06;

    /// <summary>The channel that dies in <see cref="DriftScenario.DeadChannel"/>.</summary>
    public const int DeadChannelIndex = 0;

    /// <summary>How long a growing fault takes from nothing to full severity.</summary>
    public static readonly TimeSpan FaultGrowth = TimeSpan.FromDays(3);

    /// <summary>How long the background takes to rise.</summary>
    public static readonly TimeSpan BackgroundRiseTime = TimeSpan.FromDays(1);

    /// <summary>How long the machine is offline in <see cref="DriftScenario.OfflineGap"/>.</summary>
    public static readonly TimeSpan GapLength = TimeSpan.FromDays(1);

    private const double DeadChannelDbfs = -85;
    private const ulong ClipStream = 0x5343454E4152494F; // "SCENARIO"

    private readonly MachineSoundSynthesizer _synthesizer = new();

    /// <summary>The machine ids of <paramref name="options"/>: <c>m01</c>, <c>m02</c>, ...</summary>
    public static IReadOnlyList<string> MachineIds(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. Enumerable.Range(1, options.Machines).Select(m => string.Create(CultureInfo.InvariantCulture, $"m{m:00}"))];
    }

    /// <summary>A clip's file name below its machine's folder: <c>yyyyMMddTHHmmssZ.wav</c> in UTC.</summary>
    public static string FileName(DateTimeOffset recordedAt) =>
        recordedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".wav";

    /// <summary>The event the options stage; null for <see cref="DriftScenario.Steady"/>.</summary>
    public static ScenarioEvent? Event(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DateTimeOffset start = options.Start + TimeSpan.FromDays(options.ResolvedEventDay);
        IReadOnlyList<string> touched = [MachineIds(options)[0]];
        ScenarioEvent Step(string description, DriftCause cause, DateTimeOffset? end = null) =>
            new(options.Scenario.ToName(), description, start, start, end, touched, cause);
        return options.Scenario switch
        {
            DriftScenario.Steady => null,
            DriftScenario.GrowingFault => new(options.Scenario.ToName(),
                $"{FaultOf(options.MachineType).ToString().ToLowerInvariant()} growing from severity 0 to 1 over {FaultGrowth.TotalDays:0} days",
                start, start + FaultGrowth, null, touched, DriftCause.Machine),
            DriftScenario.MicGainDrop => Step(string.Create(CultureInfo.InvariantCulture, $"microphone gain {GainStepDb:0} dB"), DriftCause.Environment),
            DriftScenario.MicFouled => Step(string.Create(CultureInfo.InvariantCulture, $"fouled microphone: low-pass at {FouledCutoffHz:0} Hz"), DriftCause.Environment),
            DriftScenario.BackgroundRise => new(options.Scenario.ToName(),
                string.Create(CultureInfo.InvariantCulture, $"background noise rising by {BackgroundRiseDb:0} dB over {BackgroundRiseTime.TotalHours:0} h"),
                start, start + BackgroundRiseTime, null, touched, DriftCause.Environment),
            DriftScenario.SpeedChange => Step(string.Create(CultureInfo.InvariantCulture, $"operating speed x{NewSpeed:0.00} (a normal set-point change)"), DriftCause.OperatingPoint),
            DriftScenario.DeadChannel => Step($"channel {DeadChannelIndex} of the 8-channel array dead", DriftCause.Input),
            DriftScenario.OfflineGap => Step(string.Create(CultureInfo.InvariantCulture, $"no clips for {GapLength.TotalHours:0} h, then unchanged"), DriftCause.None,
                start + GapLength),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Scenario, null),
        };
    }

    /// <summary>Every clip of the scenario, machine by machine in time order, without synthesising anything.</summary>
    public static IReadOnlyList<ScenarioClip> Plan(ScenarioOptions options)
    {
        ScenarioEvent? scenarioEvent = Event(options);
        IReadOnlyList<string> machines = MachineIds(options);
        int perMachine = options.Days * options.ClipsPerDay;
        int channels = options.ResolvedChannels;
        var clips = new List<ScenarioClip>(machines.Count * perMachine);
        for (int m = 0; m < machines.Count; m++)
        {
            bool touched = scenarioEvent is not null && scenarioEvent.MachineIds.Contains(machines[m]);
            for (int i = 0; i < perMachine; i++)
            {
                DateTimeOffset at = options.Start + (options.Interval * i);
                var spec = new ClipSpec
                {
                    Type = options.MachineType,
                    MachineId = options.ProfileId,
                    SnrDb = options.SnrDb,
                    Channels = channels,
                    Duration = options.ClipDuration,
                    SampleRate = options.SampleRate,
                    Seed = SynthesisRandom.Hash(options.Seed, ClipStream, (ulong)m, (ulong)i),
                };
                var clip = new ScenarioClip(machines[m], at, machines[m] + "/" + FileName(at), spec);
                if (touched && at >= scenarioEvent!.Start)
                {
                    ScenarioClip? changed = Apply(options, scenarioEvent, clip);
                    if (changed is null)
                    {
                        continue;
                    }

                    clip = changed;
                }

                clips.Add(clip);
            }
        }

        return clips;
    }

    private static ScenarioClip? Apply(ScenarioOptions options, ScenarioEvent e, ScenarioClip clip)
    {
        double elapsed = (clip.RecordedAt - e.Start) / (e.FullFrom - e.Start is var span && span > TimeSpan.Zero ? span : TimeSpan.FromTicks(1));
        double progress = Math.Clamp(elapsed, 0, 1);
        switch (options.Scenario)
        {
            case DriftScenario.GrowingFault:
                return progress <= 0 ? clip : clip with { Spec = clip.Spec with { Anomaly = FaultOf(options.MachineType), Severity = progress } };
            case DriftScenario.MicGainDrop:
                return clip with { GainDb = GainStepDb };
            case DriftScenario.MicFouled:
                return clip with { LowPassHz = FouledCutoffHz };
            case DriftScenario.BackgroundRise:
                return clip with { BackgroundGainDb = BackgroundRiseDb * progress };
            case DriftScenario.SpeedChange:
                return clip with { OperatingSpeed = NewSpeed };
            case DriftScenario.DeadChannel:
                return clip with { DeadChannel = DeadChannelIndex };
            case DriftScenario.OfflineGap:
                return clip.RecordedAt < e.End ? null : clip;
            default:
                return clip;
        }
    }

    private static AnomalyKind FaultOf(MachineType type) => type switch
    {
        MachineType.Fan => AnomalyKind.Unbalance,
        MachineType.Pump => AnomalyKind.Clogging,
        MachineType.Valve => AnomalyKind.Contamination,
        _ => AnomalyKind.RailDamage,
    };

    /// <summary>Synthesises one planned clip: the machine and background, then the microphone's changes.</summary>
    public AudioClip Render(ScenarioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ClipParts parts = _synthesizer.SynthesizeParts(clip.Spec, clip.OperatingSpeed);
        int channels = parts.Channels;
        var samples = new float[parts.Machine.Length];
        double background = Math.Pow(10, clip.BackgroundGainDb / 20);
        double peak = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double noise = parts.Noise is null ? 0 : background * parts.NoiseGains[i % channels] * parts.Noise[i];
            samples[i] = (float)(parts.Machine[i] + noise);
            peak = Math.Max(peak, Math.Abs(samples[i]));
        }

        if (clip.LowPassHz is double cutoff)
        {
            var channel = new float[samples.Length / channels];
            for (int c = 0; c < channels; c++)
            {
                for (int n = 0; n < channel.Length; n++)
                {
                    channel[n] = samples[(n * channels) + c];
                }

                Biquad.LowPass(parts.SampleRate, cutoff).ProcessInPlace(channel);
                for (int n = 0; n < channel.Length; n++)
                {
                    samples[(n * channels) + c] = channel[n];
                }
            }

            peak = 0;
            foreach (float x in samples)
            {
                peak = Math.Max(peak, Math.Abs(x));
            }
        }

        // As the synthesiser does: a loud clip is scaled down as a whole rather than clipped. The gain step comes after,
        // so a quieter microphone is exactly GainDb quieter.
        double gain = (peak > SynthesisCalibration.MaxPeak ? SynthesisCalibration.MaxPeak / peak : 1.0) * Math.Pow(10, clip.GainDb / 20);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(samples[i] * gain);
        }

        if (clip.DeadChannel is int dead && dead < channels)
        {
            // A dead input still carries its converter's noise.
            var random = new SynthesisRandom(SynthesisRandom.Hash(clip.Spec.Seed, ClipStream));
            double level = Math.Pow(10, DeadChannelDbfs / 20) * Math.Sqrt(3); // uniform noise of that RMS
            for (int i = dead; i < samples.Length; i += channels)
            {
                samples[i] = (float)(level * random.NextSigned());
            }
        }

        return new AudioClip(samples, channels, parts.SampleRate, clip.RelativePath);
    }

    /// <summary>
    /// Writes the scenario into <paramref name="folder"/>: one 16-bit WAV per clip at its <see cref="ScenarioClip.RelativePath"/>
    /// and <see cref="ScenarioManifest.FileName"/>. The caller checks the folder may be written into.
    /// </summary>
    /// <param name="options">The scenario.</param>
    /// <param name="folder">The output folder (created when missing).</param>
    /// <param name="progress">Receives the number of clips written so far, from worker threads.</param>
    /// <param name="cancellationToken">Stops the work between clips.</param>
    /// <param name="maxParallelism">Clips synthesised at once; -1 for every core.</param>
    public ScenarioManifest Write(ScenarioOptions options, string folder, IProgress<int>? progress = null, CancellationToken cancellationToken = default,
        int maxParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        IReadOnlyList<ScenarioClip> clips = Plan(options);
        string root = Path.GetFullPath(folder);
        foreach (string machine in MachineIds(options))
        {
            Directory.CreateDirectory(Path.Combine(root, machine));
        }

        int written = 0;
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, i =>
        {
            WavWriter.Write(Path.Combine(root, clips[i].RelativePath), Render(clips[i]), WavSampleFormat.Pcm16);
            progress?.Report(Interlocked.Increment(ref written));
        });

        ScenarioEvent? scenarioEvent = Event(options);
        var manifest = new ScenarioManifest(options.Scenario.ToName(), options.MachineType.ToFolderName(), options.Start, options.Interval,
            options.Days, options.ClipDuration.TotalSeconds, options.SampleRate, clips.Count == 0 ? 1 : clips[0].Spec.Channels, options.SnrDb,
            options.Seed, MachineIds(options), scenarioEvent is null ? [] : [scenarioEvent], clips.Count);
        AtomicFile.WriteText(Path.Combine(root, ScenarioManifest.FileName), writer => writer.Write(JsonSerializer.Serialize(manifest, ScenarioJson.Default.ScenarioManifest)));
        return manifest;
    }

    /// <summary>Reads a scenario folder's manifest; null when the folder has none.</summary>
    /// <exception cref="InputException">The manifest is not valid JSON of a scenario.</exception>
    public static ScenarioManifest? ReadManifest(string folder)
    {
        string path = Path.Combine(folder, ScenarioManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ScenarioJson.Default.ScenarioManifest)
                ?? throw new InputException($"{path}: the scenario manifest is empty.");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not a valid scenario manifest ({e.Message}).");
        }
    }
}
