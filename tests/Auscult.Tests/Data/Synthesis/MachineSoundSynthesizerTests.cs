using System.Buffers.Binary;
using Auscult.Audio;
using Auscult.Data.Synthesis;
using Auscult.Tests.TestSupport;
using Xunit.Abstractions;

namespace Auscult.Tests.Data.Synthesis;

public class MachineSoundSynthesizerTests(ITestOutputHelper output)
{
    private const int Rate = 16000;
    private static readonly MachineSoundSynthesizer Synthesizer = new();

    public static TheoryData<MachineType> Types => new(Enum.GetValues<MachineType>());

    public static TheoryData<MachineType, AnomalyKind> Faults
    {
        get
        {
            var data = new TheoryData<MachineType, AnomalyKind>();
            foreach (MachineType type in Enum.GetValues<MachineType>())
            {
                foreach (AnomalyKind kind in AnomalyKinds.For(type))
                {
                    data.Add(type, kind);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Synthesize_SameSpec_GivesIdenticalSamples(MachineType type)
    {
        var spec = new ClipSpec { Type = type, MachineId = 2, Seed = 17, Duration = TimeSpan.FromSeconds(2) };
        AudioClip first = Synthesizer.Synthesize(spec);
        AudioClip second = new MachineSoundSynthesizer().Synthesize(spec);
        Assert.True(first.Interleaved.SequenceEqual(second.Interleaved));
        Assert.Equal(32000, first.FrameCount);
        Assert.Equal(Rate, first.SampleRate);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Synthesize_DifferentSeed_GivesDifferentSamples(MachineType type)
    {
        var spec = new ClipSpec { Type = type, Seed = 17, Duration = TimeSpan.FromSeconds(2) };
        float[] a = Synthesizer.Synthesize(spec).MixDown();
        float[] b = Synthesizer.Synthesize(spec with { Seed = 18 }).MixDown();
        Assert.True(Spectra.MaxCorrelation(a[..4000], b[..4000], 0) < 0.5);
    }

    [Theory]
    [InlineData(MachineType.Fan, 6.0, 1)]
    [InlineData(MachineType.Fan, 0.0, 1)]
    [InlineData(MachineType.Fan, -6.0, 1)]
    [InlineData(MachineType.Pump, -6.0, 1)]
    [InlineData(MachineType.Slider, 0.0, 1)]
    [InlineData(MachineType.Valve, 6.0, 1)]
    [InlineData(MachineType.Valve, -6.0, 8)]
    [InlineData(MachineType.Fan, 6.0, 8)]
    public void Synthesize_MeasuredSnrOfThe16BitOutput_IsWithinHalfADecibel(MachineType type, double snrDb, int channels)
    {
        var spec = new ClipSpec { Type = type, MachineId = 4, SnrDb = snrDb, Channels = channels, Seed = 5 };
        ClipParts parts = Synthesizer.SynthesizeParts(spec);

        // What a reader sees: the clip through the 16-bit WAV writer, decoded as int16 / 32768. The background is what
        // remains after removing the machine; MIMII's SNR sets it against the machine model's average power, per channel.
        using var stream = new MemoryStream();
        WavWriter.Write(stream, Synthesizer.Synthesize(spec), WavSampleFormat.Pcm16);
        byte[] bytes = stream.ToArray();
        var residualPower = new double[channels];
        var machinePower = new double[channels];
        for (int i = 0; i < parts.Machine.Length; i++)
        {
            double decoded = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (2 * i))) / 32768.0;
            double machine = parts.OutputGain * parts.Machine[i];
            machinePower[i % channels] += machine * machine;
            residualPower[i % channels] += (decoded - machine) * (decoded - machine);
        }

        int frames = parts.Machine.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            double reference = parts.OutputGain * parts.OutputGain * parts.ReferencePower[c];
            double measured = 10 * Math.Log10(reference * frames / residualPower[c]);
            double clipOwn = 10 * Math.Log10(machinePower[c] / residualPower[c]);
            output.WriteLine($"{type} ch {c}: asked {snrDb} dB, measured {measured:F3} dB (this clip's own ratio {clipOwn:F2} dB), output gain {parts.OutputGain:F3}");
            Assert.InRange(measured, snrDb - 0.5, snrDb + 0.5);
            // A normal clip's own ratio stays near the nominal SNR: its level is within the load jitter of the average.
            Assert.InRange(clipOwn, snrDb - 2.5, snrDb + 2.5);
        }
    }

    [Theory]
    [InlineData(MachineType.Fan, AnomalyKind.Unbalance)]
    [InlineData(MachineType.Pump, AnomalyKind.Leakage)]
    public void Synthesize_Fault_KeepsTheBackgroundLevelOfTheNormalClip(MachineType type, AnomalyKind kind)
    {
        // As in MIMII, the background is set by the machine model's average power, not by the (louder) faulty clip.
        var normal = new ClipSpec { Type = type, Seed = 77, SnrDb = 0, Duration = TimeSpan.FromSeconds(2) };
        ClipParts a = Synthesizer.SynthesizeParts(normal);
        ClipParts b = Synthesizer.SynthesizeParts(normal with { Anomaly = kind, Severity = 1 });
        Assert.Equal(a.NoiseGains, b.NoiseGains);
        Assert.Equal(a.Noise, b.Noise);
        Assert.True(SumOfSquares(b.Machine) > 1.02 * SumOfSquares(a.Machine), "the severe fault adds power");
    }

    private static double SumOfSquares(float[] x) => x.Sum(v => (double)v * v);

    [Fact]
    public void Synthesize_PositiveInfinitySnr_IsTheMachineAlone()
    {
        var spec = new ClipSpec { Type = MachineType.Pump, SnrDb = double.PositiveInfinity, Seed = 3, Duration = TimeSpan.FromSeconds(1) };
        ClipParts parts = Synthesizer.SynthesizeParts(spec);
        Assert.Null(parts.Noise);
        Assert.Equal(parts.Machine.Select(x => (float)(parts.OutputGain * x)), Synthesizer.Synthesize(spec).Interleaved.ToArray());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Synthesize_NormalMachineAlone_HasTheCalibratedLevelAndNoClipping(MachineType type)
    {
        float[] x = Synthesizer.Synthesize(new ClipSpec { Type = type, MachineId = 6, Seed = 9, SnrDb = double.PositiveInfinity }).MixDown();
        double rms = Math.Sqrt(x.Average(v => (double)v * v));
        output.WriteLine($"{type}: rms {rms:F4}, peak {x.Max(Math.Abs):F3}");
        double target = SynthesisCalibration.MachineTargetRms(type);
        Assert.InRange(rms, target / 1.6, target * 1.6); // +-4 dB: load and drift vary the level
        Assert.True(x.Max(Math.Abs) < 0.9f, "a normal machine alone needs no peak scaling");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Fan_Spectrum_PeaksAtRotationTimesBlades(int id)
    {
        var profile = MachineProfile.Create(MachineType.Fan, id);
        double bladePass = profile.RotationHz * profile.BladeCount;
        float[] x = Synthesizer.Synthesize(new ClipSpec { Type = MachineType.Fan, MachineId = id, Seed = 11, SnrDb = 6 }).MixDown();
        double[] spectrum = Spectra.PowerSpectrum(x, 8192); // 1.95 Hz bins
        int peak = Enumerable.Range(15, 256 - 15).MaxBy(k => spectrum[k]); // 30-500 Hz
        double peakHz = peak * (double)Rate / 8192;
        output.WriteLine($"id {id}: {profile.RotationHz:F2} Hz x {profile.BladeCount} = {bladePass:F1} Hz, peak {peakHz:F1} Hz");
        // Speed varies clip to clip by ~1.2 % (3 sigma < 4 %).
        Assert.InRange(peakHz, bladePass * 0.96, bladePass * 1.04);
    }

    [Fact]
    public void Background_HasMainsHumAt50And100Hz()
    {
        ClipParts parts = Synthesizer.SynthesizeParts(new ClipSpec { Type = MachineType.Valve, Seed = 21, SnrDb = 0 });
        float[] noise = parts.Noise!;
        double Level(double hz) => 10 * Math.Log10(Spectra.Goertzel(noise, hz, Rate));
        double floor = new[] { 37.0, 63.0, 77.0, 123.0 }.Average(Level);
        output.WriteLine($"50 Hz {Level(50) - floor:F1} dB, 100 Hz {Level(100) - floor:F1} dB above the neighbours");
        Assert.True(Level(50) - floor > 15);
        Assert.True(Level(100) - floor > 20);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Valve_ImpactEnvelope_RepeatsAtTheCyclePeriod(int id)
    {
        var profile = MachineProfile.Create(MachineType.Valve, id);
        float[] x = Synthesizer.Synthesize(new ClipSpec { Type = MachineType.Valve, MachineId = id, Seed = 4, SnrDb = 6 }).MixDown();

        // Energy in 5-ms blocks above 1 kHz (a first difference is enough of a high-pass), then its autocorrelation.
        const int Block = 80;
        var envelope = new double[x.Length / Block];
        for (int b = 0; b < envelope.Length; b++)
        {
            for (int i = Math.Max(1, b * Block); i < (b + 1) * Block; i++)
            {
                double d = x[i] - x[i - 1];
                envelope[b] += d * d;
            }
        }

        double mean = envelope.Average();
        for (int b = 0; b < envelope.Length; b++)
        {
            envelope[b] -= mean;
        }

        int bestLag = Enumerable.Range(80, 400 - 80).MaxBy(lag => // 0.4-2.0 s
            Enumerable.Range(0, envelope.Length - lag).Sum(b => envelope[b] * envelope[b + lag]) / (envelope.Length - lag));
        double period = bestLag * Block / (double)Rate;
        output.WriteLine($"id {id}: cycle {profile.CyclePeriodSeconds:F3} s, measured {period:F3} s");
        Assert.InRange(period, profile.CyclePeriodSeconds * 0.95, profile.CyclePeriodSeconds * 1.05);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Fault_ChangesTheSignalMoreWithSeverity(MachineType type, AnomalyKind kind)
    {
        // Same seed: the normal and abnormal clips share everything but the fault, so frame-by-frame log band
        // energies can be compared directly (impacts and modulation count in their own frames).
        var normal = new ClipSpec { Type = type, MachineId = 0, Seed = 31, SnrDb = 6, Duration = TimeSpan.FromSeconds(5) };
        double[] reference = Spectra.FrameLogBandEnergies(Synthesizer.Synthesize(normal).MixDown(), Rate);
        double Distance(double severity) => Spectra.Distance(reference,
            Spectra.FrameLogBandEnergies(Synthesizer.Synthesize(normal with { Anomaly = kind, Severity = severity }).MixDown(), Rate));
        double mild = Distance(0.1), medium = Distance(0.5), severe = Distance(1.0);
        output.WriteLine($"{type} {kind}: mild {mild:F2} dB, medium {medium:F2} dB, severe {severe:F2} dB");
        Assert.True(mild > 0);
        Assert.True(mild < medium && medium < severe, "the change grows with severity");
        Assert.True(severe > 1.0, "a severe fault changes the frame band energies by more than 1 dB RMS");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Fault_Mild_IsNoLargerThanTheNormalVariation(MachineType type)
    {
        // "Hard to hear": a severity-0.1 fault moves the band energies less than two normal clips differ from each other.
        var normal = new ClipSpec { Type = type, MachineId = 2, Seed = 41, SnrDb = 6 };
        double[] reference = Spectra.LogBandEnergies(Synthesizer.Synthesize(normal).MixDown(), Rate);
        double spread = Enumerable.Range(42, 4).Average(seed => Spectra.Distance(reference,
            Spectra.LogBandEnergies(Synthesizer.Synthesize(normal with { Seed = (ulong)seed }).MixDown(), Rate)));
        foreach (AnomalyKind kind in AnomalyKinds.For(type))
        {
            double mild = Spectra.Distance(reference,
                Spectra.LogBandEnergies(Synthesizer.Synthesize(normal with { Anomaly = kind, Severity = 0.1 }).MixDown(), Rate));
            output.WriteLine($"{type} {kind}: mild {mild:F2} dB vs normal spread {spread:F2} dB");
            Assert.True(mild < spread, $"{kind} at severity 0.1 ({mild:F2} dB) stands out of the normal spread ({spread:F2} dB)");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EightChannels_InterMicrophoneDelays_MatchTheArrayGeometry(MachineType type)
    {
        var spec = new ClipSpec { Type = type, MachineId = 4, Seed = 8, Channels = 8, SnrDb = double.PositiveInfinity, Duration = TimeSpan.FromSeconds(4) };
        AudioClip clip = Synthesizer.Synthesize(spec);
        var profile = MachineProfile.Create(type, 4);
        var array = MicrophoneArray.Create(8);
        float[] reference = clip.GetChannel(0);
        (double delay0, double gain0) = array.Path(0, profile.AzimuthRadians, profile.DistanceMeters, Rate);
        for (int mic = 1; mic < 8; mic++)
        {
            (double delay, double gain) = array.Path(mic, profile.AzimuthRadians, profile.DistanceMeters, Rate);
            float[] channel = clip.GetChannel(mic);
            double measured = Spectra.GccPhatDelay(reference, channel, 10);
            double rmsRatio = Math.Sqrt(channel.Average(v => (double)v * v) / reference.Average(v => (double)v * v));
            output.WriteLine($"mic {mic}: delay expected {delay - delay0:F3}, measured {measured:F3} samples; gain expected {gain / gain0:F4}, measured {rmsRatio:F4}");
            Approx.AssertClose(delay - delay0, measured, absTol: 0.15);
            Approx.AssertClose(gain / gain0, rmsRatio, absTol: 0, relTol: 0.01);
        }
    }

    [Fact]
    public void EightChannels_Background_IsLessCorrelatedAcrossMicrophonesThanTheMachine()
    {
        ClipParts parts = Synthesizer.SynthesizeParts(new ClipSpec { Type = MachineType.Fan, Seed = 12, Channels = 8, Duration = TimeSpan.FromSeconds(2) });
        float[] Channel(float[] interleaved, int c) => Enumerable.Range(0, interleaved.Length / 8).Select(n => interleaved[(n * 8) + c]).ToArray();
        double machine = Enumerable.Range(0, 8).Average(c => Spectra.MaxCorrelation(Channel(parts.Machine, c), Channel(parts.Machine, (c + 1) % 8), 8));
        double noise = Enumerable.Range(0, 8).Average(c => Spectra.MaxCorrelation(Channel(parts.Noise!, c), Channel(parts.Noise!, (c + 1) % 8), 8));
        output.WriteLine($"adjacent-microphone correlation: machine {machine:F3}, background {noise:F3}");
        Assert.True(machine > 0.9);
        Assert.True(noise < machine - 0.2);
    }

    [Theory]
    [InlineData(MachineType.Valve, AnomalyKind.Unbalance, 0.5)]
    [InlineData(MachineType.Fan, AnomalyKind.Unbalance, 0.0)]
    [InlineData(MachineType.Fan, AnomalyKind.Unbalance, 1.5)]
    public void Synthesize_InvalidSpec_ThrowsNamingTheProblem(MachineType type, AnomalyKind kind, double severity)
    {
        var error = Assert.ThrowsAny<AuscultException>(() => Synthesizer.Synthesize(new ClipSpec { Type = type, Anomaly = kind, Severity = severity }));
        Assert.Contains(type == MachineType.Valve ? "not a fault of a Valve" : "severity", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void Synthesize_UnsupportedChannelCount_Throws(int channels) =>
        Assert.ThrowsAny<AuscultException>(() => Synthesizer.Synthesize(new ClipSpec { Type = MachineType.Fan, Channels = channels }));
}
