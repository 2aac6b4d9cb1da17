namespace Auscult.Data.Synthesis;

/// <summary>
/// The physical constants of one machine, derived only from (type, id): two machines of the same type differ the way
/// two real units of different models do (speed, blade count, resonances, cycle timing), and the same id is the same
/// machine in every data set, whatever the global seed.
/// </summary>
internal sealed class MachineProfile
{
    private const ulong ProfileStream = 0x50524F46494C45; // "PROFILE"

    private MachineProfile(MachineType type, int id) => (Type, Id) = (type, id);

    public MachineType Type { get; }

    public int Id { get; }

    /// <summary>Nominal shaft rotation rate (Hz); fan and pump.</summary>
    public double RotationHz { get; private init; }

    /// <summary>Fan blades or pump impeller vanes; the blade-pass frequency is RotationHz * BladeCount.</summary>
    public int BladeCount { get; private init; }

    /// <summary>Amplitudes of blade-pass harmonics 1..n.</summary>
    public double[] BladePassAmplitudes { get; private init; } = [];

    /// <summary>Residual (balanced-machine) 1x and 2x shaft tones.</summary>
    public double ShaftAmplitude { get; private init; }

    /// <summary>Structural or duct resonances (Hz) that shape flow noise, their Q and relative RMS.</summary>
    public double[] ResonanceHz { get; private init; } = [];

    public double[] ResonanceQ { get; private init; } = [];

    public double[] ResonanceRms { get; private init; } = [];

    /// <summary>Magnetic hum of the motor at twice the mains frequency and its harmonics.</summary>
    public double HumAmplitude { get; private init; }

    /// <summary>Mains frequency (Hz) the motor runs on.</summary>
    public double MainsHz { get; private init; } = 50;

    /// <summary>Extra band: fan whistle / pump leak hiss / valve flow hiss / slide squeal centre (Hz).</summary>
    public double SpecialHz { get; private init; }

    /// <summary>Valve cycle or slide-rail stroke (out and back) period (s).</summary>
    public double CyclePeriodSeconds { get; private init; }

    /// <summary>Valve: fraction of the cycle the valve is open. Slider: fraction of each half stroke spent at rest.</summary>
    public double DutyFraction { get; private init; }

    /// <summary>Damped modes of the impacting part (valve plunger and seat, slide end stop), Hz, s, relative weight.</summary>
    public double[] ImpactHz { get; private init; } = [];

    public double[] ImpactDecaySeconds { get; private init; } = [];

    public double[] ImpactWeights { get; private init; } = [];

    /// <summary>Slider: motor rotation (Hz) and belt tooth-mesh frequency (Hz) at full carriage speed.</summary>
    public double MotorMaxHz { get; private init; }

    public double MeshMaxHz { get; private init; }

    /// <summary>Slider: where along the stroke (0..1) a rail defect sits when there is one.</summary>
    public double DefectPosition { get; private init; }

    /// <summary>Direction of the machine seen from the array centre (rad) and its distance (m).</summary>
    public double AzimuthRadians { get; private init; }

    public double DistanceMeters { get; private init; }

    public static MachineProfile Create(MachineType type, int id)
    {
        var r = new SynthesisRandom(SynthesisRandom.Hash(ProfileStream, (ulong)type, (ulong)id));
        double azimuth = r.Uniform(-0.5, 0.5);  // roughly in front of the array, as in MIMII's set-up
        double distance = r.Uniform(0.4, 0.6);   // MIMII placed the array about 50 cm from the machine
        return type switch
        {
            MachineType.Fan => new MachineProfile(type, id)
            {
                // Industrial fans: 4- to 6-pole induction motors, 900-1,500 rpm, 5-9 blades -> blade pass 75-225 Hz.
                RotationHz = r.Uniform(15, 25),
                BladeCount = 5 + r.NextInt(5),
                BladePassAmplitudes = [1.0, r.Uniform(0.3, 0.6), r.Uniform(0.1, 0.3), r.Uniform(0.05, 0.15)],
                ShaftAmplitude = r.Uniform(0.05, 0.12),
                ResonanceHz = [r.Uniform(300, 700), r.Uniform(900, 1800), r.Uniform(2200, 4000)],
                ResonanceQ = [r.Uniform(1.5, 3), r.Uniform(2, 4), r.Uniform(1.5, 3)],
                ResonanceRms = [1.0, r.Uniform(0.4, 0.8), r.Uniform(0.2, 0.5)],
                HumAmplitude = r.Uniform(0.1, 0.25),
                SpecialHz = r.Uniform(1200, 2600),
                AzimuthRadians = azimuth,
                DistanceMeters = distance,
            },
            MachineType.Pump => new MachineProfile(type, id)
            {
                // 2- or 4-pole motors: about 2,900 or 1,450 rpm; 5-7 impeller vanes.
                RotationHz = r.NextInt(2) == 0 ? r.Uniform(23.5, 24.8) : r.Uniform(47, 49.5),
                BladeCount = 5 + r.NextInt(3),
                BladePassAmplitudes = [1.0, r.Uniform(0.3, 0.6), r.Uniform(0.1, 0.3)],
                ShaftAmplitude = r.Uniform(0.1, 0.2),
                ResonanceHz = [r.Uniform(150, 400), r.Uniform(600, 1400), r.Uniform(1800, 3500)],
                ResonanceQ = [r.Uniform(1, 2), r.Uniform(1.5, 3), r.Uniform(1, 2)],
                ResonanceRms = [1.0, r.Uniform(0.5, 0.9), r.Uniform(0.3, 0.6)],
                HumAmplitude = r.Uniform(0.15, 0.3),
                SpecialHz = r.Uniform(3000, 6000),
                AzimuthRadians = azimuth,
                DistanceMeters = distance,
            },
            MachineType.Valve => new MachineProfile(type, id)
            {
                // Solenoid valves switched by a controller: a cycle of 0.6-1.6 s, open 30-60 % of it.
                CyclePeriodSeconds = r.Uniform(0.6, 1.6),
                DutyFraction = r.Uniform(0.3, 0.6),
                ImpactHz = [r.Uniform(1500, 3000), r.Uniform(3500, 6500), r.Uniform(700, 1200)],
                ImpactDecaySeconds = [r.Uniform(0.006, 0.015), r.Uniform(0.003, 0.008), r.Uniform(0.01, 0.02)],
                ImpactWeights = [1.0, r.Uniform(0.4, 0.8), r.Uniform(0.2, 0.5)],
                SpecialHz = r.Uniform(1500, 4000),
                ResonanceQ = [r.Uniform(0.8, 1.5)],
                HumAmplitude = r.Uniform(0.02, 0.05),
                AzimuthRadians = azimuth,
                DistanceMeters = distance,
            },
            MachineType.Slider => new MachineProfile(type, id)
            {
                // A belt-driven linear slide: a stroke out and back every 1.2-2.5 s, resting 10-25 % of each half.
                CyclePeriodSeconds = r.Uniform(1.2, 2.5),
                DutyFraction = r.Uniform(0.1, 0.25),
                MotorMaxHz = r.Uniform(30, 60),
                MeshMaxHz = r.Uniform(250, 600),
                ResonanceHz = [r.Uniform(800, 2000)],
                ResonanceQ = [r.Uniform(1, 2)],
                ResonanceRms = [1.0],
                ImpactHz = [r.Uniform(400, 900), r.Uniform(1500, 3000), r.Uniform(150, 300)],
                ImpactDecaySeconds = [r.Uniform(0.01, 0.025), r.Uniform(0.004, 0.01), r.Uniform(0.02, 0.04)],
                ImpactWeights = [1.0, r.Uniform(0.3, 0.6), r.Uniform(0.3, 0.6)],
                SpecialHz = r.Uniform(1200, 3000),
                HumAmplitude = r.Uniform(0.05, 0.12),
                DefectPosition = r.Uniform(0.25, 0.75),
                AzimuthRadians = azimuth,
                DistanceMeters = distance,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }
}
