using static Auscult.Data.Synthesis.SynthesisCalibration;

namespace Auscult.Data.Synthesis;

/// <summary>
/// A solenoid valve switched on a cycle. Energising the coil throws the plunger against its stop (opening click); while
/// open, fluid rushes through the orifice (hiss shaped by the valve body) and an AC coil buzzes at twice the mains
/// frequency; releasing it drops the plunger onto the seat (a louder closing click). Clicks are damped resonant bursts of
/// the valve body's modes.
/// </summary>
internal static class ValveModel
{
    private const double OpenClickLevel = 0.6;
    private const double CloseClickLevel = 1.0;
    private const double FlowHissRms = 0.12;
    private const double FlowRampSeconds = 0.015;

    public static void Render(Span<float> dest, int sampleRate, MachineProfile p, SynthesisRandom variation,
        AnomalyKind anomaly, double severity, SynthesisRandom fault)
    {
        int length = dest.Length;
        double s = anomaly == AnomalyKind.Contamination ? severity : 0;
        double load = Math.Pow(10, variation.NextGaussian() * LoadJitterStdDb / 20);
        double humPhase = variation.Uniform(0, 2 * Math.PI);
        var noiseRandom = new SynthesisRandom(variation.NextUInt64());
        var clickRandom = new SynthesisRandom(variation.NextUInt64());

        // Open and close times: a start anywhere in the cycle, then per-cycle jitter of the controller's timing.
        var cycles = new List<(double Open, double Close, double OpenLevel, double CloseLevel)>();
        double durationSeconds = (double)length / sampleRate;
        for (double t = -variation.Uniform(0, p.CyclePeriodSeconds); t < durationSeconds;)
        {
            double period = p.CyclePeriodSeconds * (1 + (variation.NextGaussian() * CycleJitterStd));
            double openTime = p.DutyFraction * period * (1 + (variation.NextGaussian() * 0.5 * CycleJitterStd));
            cycles.Add((t, t + openTime, OpenClickLevel * variation.Uniform(0.85, 1.15), CloseClickLevel * variation.Uniform(0.85, 1.15)));
            t += period;
        }

        // The flow envelope: 1 while open, ramping over ~15 ms as the orifice opens and closes; debris keeping the
        // seat from sealing leaves a leak while closed.
        double leak = s * ValveLeakHiss;
        var flowEnvelope = new float[length];
        flowEnvelope.AsSpan().Fill((float)leak);
        var coil = new bool[length];
        double closeDelay = s * ValveCloseDelaySeconds;
        var closeTimes = new double[cycles.Count];
        for (int c = 0; c < cycles.Count; c++)
        {
            // A contaminated plunger slides late onto its seat.
            closeTimes[c] = cycles[c].Close + (closeDelay * fault.Uniform(0.5, 1.0));
            int open = (int)Math.Max(0, cycles[c].Open * sampleRate);
            int close = (int)Math.Min(length, closeTimes[c] * sampleRate);
            int ramp = (int)(FlowRampSeconds * sampleRate);
            for (int n = open; n < close; n++)
            {
                coil[n] = true;
                double rise = Math.Min(1.0, (n - (cycles[c].Open * sampleRate)) / ramp);
                flowEnvelope[n] = (float)Math.Max(leak, rise);
            }

            for (int n = Math.Max(0, close), end = Math.Min(length, close + ramp); n < end; n++)
            {
                flowEnvelope[n] = (float)Math.Max(leak, 1.0 - ((double)(n - close) / ramp));
            }
        }

        SignalKit.AddBandNoise(dest, noiseRandom, sampleRate, p.SpecialHz, p.ResonanceQ[0], FlowHissRms * load, flowEnvelope);

        // Coil buzz while energised: the AC magnetic pull peaks twice per mains cycle.
        var buzz = new Phasor(2 * p.MainsHz, sampleRate, p.HumAmplitude * load, humPhase);
        for (int n = 0; n < length; n++)
        {
            double value = buzz.Next();
            if (coil[n])
            {
                dest[n] += (float)value;
            }
        }

        // Clicks. The opening stop rings a little higher than the seat (a smaller, stiffer contact).
        int modes = p.ImpactHz.Length;
        Span<double> openHz = stackalloc double[modes], decay = stackalloc double[modes];
        for (int m = 0; m < modes; m++)
        {
            openHz[m] = p.ImpactHz[m] * 1.15;
            // Debris on the seat damps it: the close click rings shorter.
            decay[m] = p.ImpactDecaySeconds[m] * (1 - (s * ValveDampingLoss));
        }

        for (int c = 0; c < cycles.Count; c++)
        {
            double bounceDelay = fault.Uniform(0.008, 0.025);
            double bounceLevel = fault.Uniform(0.6, 1.0);
            SignalKit.AddImpact(dest, clickRandom, sampleRate, cycles[c].Open * sampleRate, cycles[c].OpenLevel * load,
                openHz, p.ImpactDecaySeconds, p.ImpactWeights);
            double closeLevel = cycles[c].CloseLevel * load;
            SignalKit.AddImpact(dest, clickRandom, sampleRate, closeTimes[c] * sampleRate, closeLevel, p.ImpactHz, decay, p.ImpactWeights);
            if (s > 0)
            {
                // A particle trapped under the plunger makes it bounce off the seat once before it settles.
                SignalKit.AddImpact(dest, fault, sampleRate, (closeTimes[c] + bounceDelay) * sampleRate,
                    s * ValveBounce * bounceLevel * closeLevel, p.ImpactHz, decay, p.ImpactWeights);
            }
        }
    }
}
