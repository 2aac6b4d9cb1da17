using static Auscult.Data.Synthesis.SynthesisCalibration;

namespace Auscult.Data.Synthesis;

/// <summary>
/// A belt-driven slide rail moving a carriage out and back. Each half stroke follows a trapezoidal speed profile
/// (accelerate, cruise, decelerate) then rests. While moving: the motor's rotation tones and the belt's tooth-mesh tone,
/// both proportional to speed, and rolling noise of the carriage bearings, growing with speed. Each arrival at an end
/// ends with a knock against the end stop (a damped resonant burst).
/// </summary>
internal static class SliderModel
{
    private const double AccelerationFraction = 0.2;
    private const double MotorLevel = 0.35;
    private const double MeshLevel = 0.5;
    private const double RollingRms = 0.5;
    private const double EndStopLevel = 1.0;
    private const double WheelbaseSeconds = 0.025; // roller spacing / cruise speed

    public static void Render(Span<float> dest, int sampleRate, MachineProfile p, SynthesisRandom variation,
        AnomalyKind anomaly, double severity, SynthesisRandom fault)
    {
        int length = dest.Length;
        double s = anomaly == AnomalyKind.None ? 0 : severity;
        double load = Math.Pow(10, variation.NextGaussian() * LoadJitterStdDb / 20);
        double speedFactor = 1 + (variation.NextGaussian() * SpeedJitterStd);
        Span<double> phases = [variation.Uniform(0, 6.3), variation.Uniform(0, 6.3), variation.Uniform(0, 6.3)];
        var noiseRandom = new SynthesisRandom(variation.NextUInt64());
        var clickRandom = new SynthesisRandom(variation.NextUInt64());

        // ---- Motion: speed (0..1) per sample, and the times of arrivals, departures and defect crossings. ----
        var speed = new float[length];
        var arrivals = new List<(double Sample, double Level)>();
        var departures = new List<double>();
        var crossings = new List<(double Sample, double Speed)>();
        double durationSeconds = (double)length / sampleRate;
        bool outward = variation.NextSign() > 0;
        for (double t = -variation.Uniform(0, p.CyclePeriodSeconds / 2); t < durationSeconds; outward = !outward)
        {
            double half = p.CyclePeriodSeconds / 2 * (1 + (variation.NextGaussian() * CycleJitterStd));
            double move = half * (1 - p.DutyFraction);
            double level = EndStopLevel * variation.Uniform(0.8, 1.2);
            int start = (int)Math.Ceiling(t * sampleRate);
            int end = (int)Math.Ceiling((t + move) * sampleRate);
            double peak = 1 / (1 - AccelerationFraction); // trapezoid of unit area: the carriage covers the whole stroke
            double previousPosition = 0;
            for (int n = Math.Max(0, start); n < Math.Min(end, length); n++)
            {
                double u = ((double)n / sampleRate - t) / move; // 0..1 through the move
                double v = u < AccelerationFraction ? u / AccelerationFraction
                    : u > 1 - AccelerationFraction ? (1 - u) / AccelerationFraction : 1.0;
                speed[n] = (float)(Math.Clamp(v, 0, 1) * speedFactor);

                // Distance covered so far (area under the trapezoid), then the position along the rail.
                double a = AccelerationFraction;
                double covered = u < a ? u * u / (2 * a)
                    : u > 1 - a ? 1 - a - ((1 - u) * (1 - u) / (2 * a))
                    : (a / 2) + (u - a);
                covered *= peak;
                double position = outward ? covered : 1 - covered;
                if (n > Math.Max(0, start) && (previousPosition - p.DefectPosition) * (position - p.DefectPosition) <= 0)
                {
                    crossings.Add((n, speed[n]));
                }

                previousPosition = position;
            }

            departures.Add(t * sampleRate);
            arrivals.Add(((t + move) * sampleRate, level));
            t += half;
        }

        // ---- Fault parameters. ----
        double flutterHz = fault.Uniform(8, 15), flutterPhase = fault.Uniform(0, 6.3);
        double flutterDepth = anomaly == AnomalyKind.LooseBelt ? s * SliderBeltFlutter : 0;
        var meshFm = new float[length];
        if (anomaly == AnomalyKind.LooseBelt)
        {
            // A slack belt rides up on the teeth irregularly: jitter of the mesh frequency.
            SignalKit.FillSmoothNoise(meshFm, fault, sampleRate / 30, s * SliderBeltFm);
        }

        double rollingFactor = anomaly == AnomalyKind.NoGrease ? 1 + (s * SliderDryRolling) : 1;

        // ---- Rolling noise follows speed. ----
        var envelope = new float[length];
        for (int n = 0; n < length; n++)
        {
            envelope[n] = (float)(load * rollingFactor * speed[n]);
        }

        SignalKit.AddBandNoise(dest, noiseRandom, sampleRate, p.ResonanceHz[0], p.ResonanceQ[0], RollingRms, envelope);

        if (anomaly == AnomalyKind.NoGrease)
        {
            // Dry contact sticks and slips: a squeal at the carriage's bending mode that comes and goes while moving.
            var stick = new float[length];
            SignalKit.FillSmoothNoise(stick, fault, sampleRate / 10, 1.0);
            for (int n = 0; n < length; n++)
            {
                stick[n] = Math.Max(0f, stick[n] + 0.3f) * speed[n] * (float)load;
            }

            SignalKit.AddBandNoise(dest, fault, sampleRate, p.SpecialHz, 40, s * SliderSqueal * RollingRms, stick);
        }

        // ---- Motor and belt tones, and the holding current's hum. ----
        double motorPhase = phases[0], meshPhase = phases[1];
        var hum = new Phasor(2 * p.MainsHz, sampleRate, p.HumAmplitude, phases[2]);
        var flutter = new Phasor(flutterHz, sampleRate, flutterDepth, flutterPhase);
        double twoPi = 2 * Math.PI;
        for (int n = 0; n < length; n++)
        {
            double v = speed[n];
            double humValue = hum.Next(), flutterValue = flutter.Next();
            if (v == 0)
            {
                dest[n] += (float)humValue; // at rest: no motor or belt tones
                continue;
            }

            motorPhase += twoPi * p.MotorMaxHz * v / sampleRate;
            meshPhase += twoPi * p.MeshMaxHz * v * (1 + meshFm[n]) / sampleRate;
            (double sinMotor, double cosMotor) = Math.SinCos(motorPhase);
            double sin2 = 2 * sinMotor * cosMotor, cos2 = (cosMotor * cosMotor) - (sinMotor * sinMotor);
            double sin3 = (sin2 * cosMotor) + (cos2 * sinMotor);
            (double sinMesh, double cosMesh) = Math.SinCos(meshPhase);
            double motor = MotorLevel * v * (sinMotor + (0.5 * sin2) + (0.3 * sin3));
            double mesh = MeshLevel * v * (1 + flutterValue) * (sinMesh + (0.3 * 2 * sinMesh * cosMesh));
            dest[n] += (float)((load * (motor + mesh)) + humValue);
        }

        // ---- Impacts. ----
        foreach ((double sample, double level) in arrivals)
        {
            SignalKit.AddImpact(dest, clickRandom, sampleRate, sample, level * load, p.ImpactHz, p.ImpactDecaySeconds, p.ImpactWeights);
        }

        if (anomaly == AnomalyKind.RailDamage)
        {
            // A dent knocks the rollers each time the carriage passes it, harder at higher speed; a small dent rings high.
            Span<double> hz = [p.ImpactHz[1] * 1.6, p.ImpactHz[0] * 2.1], decay = [0.006, 0.012], weight = [1.0, 0.6];
            foreach ((double sample, double v) in crossings)
            {
                // Front and rear rollers hit the dent one wheelbase apart (about 5 cm at the carriage's speed).
                double level = s * SliderDefectImpact * EndStopLevel * v * load;
                SignalKit.AddImpact(dest, fault, sampleRate, sample, level, hz, decay, weight);
                SignalKit.AddImpact(dest, fault, sampleRate, sample + (WheelbaseSeconds * sampleRate / Math.Max(v, 0.2)), 0.8 * level, hz, decay, weight);
            }
        }

        if (anomaly == AnomalyKind.LooseBelt)
        {
            // The slack side of the belt slaps when the motor takes up the load at each departure.
            Span<double> hz = [fault.Uniform(60, 120), fault.Uniform(180, 260)], decay = [0.03, 0.015], weight = [1.0, 0.5];
            foreach (double sample in departures)
            {
                double delay = fault.Uniform(0.02, 0.06) * sampleRate;
                SignalKit.AddImpact(dest, fault, sampleRate, sample + delay, s * SliderBeltSlap * EndStopLevel * load, hz, decay, weight);
            }
        }
    }
}
