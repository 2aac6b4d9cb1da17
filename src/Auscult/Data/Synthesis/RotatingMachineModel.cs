using static Auscult.Data.Synthesis.SynthesisCalibration;

namespace Auscult.Data.Synthesis;

/// <summary>
/// Fans and pumps: a motor turning a bladed rotor. The sound is (1) tones at the shaft rate and at the blade (vane)
/// passing rate and its harmonics, with slow amplitude and frequency modulation from turbulence and load; (2) broadband
/// flow noise shaped by duct, casing and pipe resonances, whose amplitude grows as speed^2.5 (aeroacoustic power goes as
/// the fifth power of flow velocity); (3) magnetic hum of the motor at twice the mains frequency and its harmonics
/// (magnetostriction pulls twice per mains cycle), locked to the mains and not to the shaft.
/// </summary>
internal static class RotatingMachineModel
{
    private const double FanFlowRms = 0.8;
    private const double PumpFlowRms = 0.9;

    public static void Render(Span<float> dest, int sampleRate, MachineProfile p, SynthesisRandom variation,
        AnomalyKind anomaly, double severity, SynthesisRandom fault, double operatingSpeed = 1)
    {
        int length = dest.Length;
        bool pump = p.Type == MachineType.Pump;

        // ---- Normal variation: every draw happens whatever the fault, so a normal and an abnormal clip of the same
        // seed share speed, load, drift and phases and differ only by the fault. ----
        double speedFactor = operatingSpeed * (1 + (variation.NextGaussian() * SpeedJitterStd));
        double load = Math.Pow(10, variation.NextGaussian() * LoadJitterStdDb / 20);
        var drift = new float[length];
        SignalKit.FillSmoothNoise(drift, variation, 2 * sampleRate, SpeedDriftStd);
        var toneAm = new float[length];
        SignalKit.FillSmoothNoise(toneAm, variation, sampleRate / 4, 0.08);
        var turbulence = new float[length];
        SignalKit.FillSmoothNoise(turbulence, variation, sampleRate / 8, pump ? 0.3 : 0.12);
        double shaftPhase1 = variation.Uniform(0, 2 * Math.PI), shaftPhase2 = variation.Uniform(0, 2 * Math.PI);
        double modulationPhase = variation.Uniform(0, 2 * Math.PI);
        var bladePhases = new double[p.BladePassAmplitudes.Length];
        for (int k = 0; k < bladePhases.Length; k++)
        {
            bladePhases[k] = variation.Uniform(0, 2 * Math.PI);
        }

        Span<double> humPhases = [variation.Uniform(0, 6.3), variation.Uniform(0, 6.3), variation.Uniform(0, 6.3)];
        var noiseRandom = new SynthesisRandom(variation.NextUInt64());

        // ---- The fault, from its own random stream. ----
        double s = anomaly == AnomalyKind.None ? 0 : severity;
        double shaftExtra = 0, oncePerRevDepth = 0, humFactor = 1, flowFactor = 1, toneFactor = 1;
        switch (anomaly)
        {
            case AnomalyKind.Unbalance:
                // Centrifugal force of the unbalanced mass at the shaft rate: a strong 1x tone, and the rotor wobbling
                // the blade tips' clearance once per revolution modulates blade-pass and flow noise.
                shaftExtra = s * FanUnbalanceShaftGain;
                oncePerRevDepth = s * FanUnbalanceModulation;
                break;
            case AnomalyKind.VoltageChange:
                // An induction motor's torque goes as V^2: a different voltage changes the slip, hence the speed, and the
                // magnetising current, hence the hum.
                speedFactor *= 1 + (fault.NextSign() * s * FanVoltageSpeedShift);
                humFactor = 1 + (s * FanVoltageHumGain);
                break;
            case AnomalyKind.Clogging:
                flowFactor = 1 - (s * (pump ? PumpClogFlowReduction : FanClogFlowReduction));
                toneFactor = 1 + (s * (pump ? PumpClogVanePassGain : FanClogBladePassGain));
                break;
        }

        // ---- Flow noise: white noise through the machine's resonances. ----
        var flow = new float[length];
        double flowRms = pump ? PumpFlowRms : FanFlowRms;
        double resonanceNorm = 0;
        foreach (double weight in p.ResonanceRms)
        {
            resonanceNorm += weight * weight;
        }

        resonanceNorm = Math.Sqrt(resonanceNorm);
        for (int k = 0; k < p.ResonanceHz.Length; k++)
        {
            SignalKit.AddBandNoise(flow, noiseRandom, sampleRate, p.ResonanceHz[k], p.ResonanceQ[k],
                flowRms * p.ResonanceRms[k] / resonanceNorm);
        }

        if (anomaly == AnomalyKind.Clogging && !pump)
        {
            // Flow forced through a partly blocked inlet separates at the edges and whistles: a narrow band (Q 25).
            SignalKit.AddBandNoise(flow, fault, sampleRate, p.SpecialHz, 25, s * FanClogWhistle * flowRms);
        }

        // ---- Tones and the flow envelope, sample by sample. ----
        double speedHz = p.RotationHz * speedFactor;
        double speedScale = speedFactor * speedFactor;           // blade loading ~ speed^2
        double flowScale = Math.Pow(speedFactor, 2.5) * flowFactor;
        double[] blade = p.BladePassAmplitudes;
        double humAmplitude = p.HumAmplitude * humFactor;
        var hum1 = new Phasor(2 * p.MainsHz, sampleRate, humAmplitude, humPhases[0]);
        var hum2 = new Phasor(4 * p.MainsHz, sampleRate, 0.4 * humAmplitude, humPhases[1]);
        var hum3 = new Phasor(6 * p.MainsHz, sampleRate, 0.2 * humAmplitude, humPhases[2]);
        var bladeCos = new double[blade.Length];
        var bladeSin = new double[blade.Length];
        for (int k = 0; k < blade.Length; k++)
        {
            (bladeSin[k], bladeCos[k]) = Math.SinCos(bladePhases[k]);
        }

        (double sinShaft1, double cosShaft1) = Math.SinCos(shaftPhase1);
        (double sinShaft2, double cosShaft2) = Math.SinCos(shaftPhase2);
        (double sinModulation, double cosModulation) = Math.SinCos(modulationPhase);
        double theta = 0, twoPi = 2 * Math.PI;
        int bladeCount = p.BladeCount;
        double shaftAmplitude = p.ShaftAmplitude + shaftExtra;
        for (int n = 0; n < length; n++)
        {
            theta += twoPi * speedHz * (1 + drift[n]) / sampleRate;
            if (theta > 1e4)
            {
                theta -= twoPi * Math.Floor(theta / twoPi); // whole turns: every harmonic's phase is unchanged
            }

            // Two sin/cos pairs per sample; the other harmonics follow by angle addition, the phases by
            // sin(a + b) = sin a cos b + cos a sin b.
            (double sin1, double cos1) = Math.SinCos(theta);
            (double sinBlade, double cosBlade) = Math.SinCos(bladeCount * theta);
            double sin2 = 2 * sin1 * cos1, cos2 = (cos1 * cos1) - (sin1 * sin1);
            double onceRev = 1 + (oncePerRevDepth * ((sin1 * cosModulation) + (cos1 * sinModulation)));
            double tones = shaftAmplitude * ((sin1 * cosShaft1) + (cos1 * sinShaft1) + (0.4 * ((sin2 * cosShaft2) + (cos2 * sinShaft2))));
            double bladeSum = 0, sinK = sinBlade, cosK = cosBlade;
            for (int k = 0; k < blade.Length; k++)
            {
                bladeSum += blade[k] * ((sinK * bladeCos[k]) + (cosK * bladeSin[k]));
                (sinK, cosK) = ((sinK * cosBlade) + (cosK * sinBlade), (cosK * cosBlade) - (sinK * sinBlade));
            }

            tones += bladeSum * toneFactor * (1 + toneAm[n]);
            double hum = hum1.Next() + hum2.Next() + hum3.Next();
            double flowEnvelope = flowScale * (1 + turbulence[n]);
            dest[n] += (float)((load * ((speedScale * tones) + (flowEnvelope * flow[n])) * onceRev) + hum);
        }

        if (pump)
        {
            AddPumpFault(dest, sampleRate, p, anomaly, s, fault, flowRms * load);
        }
    }

    private static void AddPumpFault(Span<float> dest, int sampleRate, MachineProfile p, AnomalyKind anomaly, double s,
        SynthesisRandom fault, double flowRms)
    {
        switch (anomaly)
        {
            case AnomalyKind.Leakage:
            {
                // A jet escaping through a small gap: high-frequency hiss that spurts with the pressure fluctuations.
                var spurts = new float[dest.Length];
                SignalKit.FillSmoothNoise(spurts, fault, sampleRate / 5, 0.5);
                for (int i = 0; i < spurts.Length; i++)
                {
                    spurts[i] = Math.Max(0f, 1f + spurts[i]);
                }

                SignalKit.AddBandNoise(dest, fault, sampleRate, p.SpecialHz, 1.5, s * PumpLeakHiss * flowRms, spurts);
                break;
            }

            case AnomalyKind.Contamination:
            {
                // Solid particles carried through the impeller knock on the vanes and casing: short random impacts,
                // more and harder ones with more contamination.
                double rate = PumpContaminationRate * (0.3 + (0.7 * s));
                Span<double> hz = stackalloc double[2], decay = stackalloc double[2], weight = [1.0, 0.6];
                for (double t = fault.NextExponential(rate); t * sampleRate < dest.Length; t += fault.NextExponential(rate))
                {
                    hz[0] = fault.Uniform(2000, 4500);
                    hz[1] = fault.Uniform(4500, 7000);
                    decay[0] = fault.Uniform(0.001, 0.003);
                    decay[1] = fault.Uniform(0.0005, 0.0015);
                    double amplitude = s * PumpContaminationImpact * fault.Uniform(0.3, 1.0);
                    SignalKit.AddImpact(dest, fault, sampleRate, t * sampleRate, amplitude, hz, decay, weight);
                }

                break;
            }

            case AnomalyKind.Clogging:
            {
                // Starved suction lowers the inlet pressure below vapour pressure: cavitation bubbles collapse in bursts,
                // a crackling broadband noise high in the spectrum.
                var bursts = new float[dest.Length];
                SignalKit.FillSmoothNoise(bursts, fault, sampleRate / 20, 1.0);
                for (int i = 0; i < bursts.Length; i++)
                {
                    float b = Math.Max(0f, bursts[i]);
                    bursts[i] = b * b;
                }

                SignalKit.AddBandNoise(dest, fault, sampleRate, 0.6 * p.SpecialHz, 1.0, s * PumpClogCavitation * flowRms, bursts);
                break;
            }
        }
    }
}
