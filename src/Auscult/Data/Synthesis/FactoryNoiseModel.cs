namespace Auscult.Data.Synthesis;

/// <summary>
/// Factory background, independent of the machine under test: (1) diffuse broadband noise, the reverberant sum of many
/// distant sources, generated independently per microphone because a diffuse field decorrelates over a few centimetres
/// above a few hundred hertz; (2) another machine somewhere in the hall (rotation harmonics and its flow noise); (3) mains
/// hum from transformers and lighting ballasts at 50 Hz and, stronger, 100 Hz (magnetostriction) with a weak 150 Hz;
/// (4) random impulsive events (tools, parts dropped, pneumatic blow-off) at random times. Sources 2-4 are point sources
/// several metres away, so they arrive correlated (delayed) on all microphones.
/// </summary>
internal sealed class FactoryNoiseModel
{
    public const double MainsHz = 50;
    private const double DiffuseRms = 1.0;
    private const double OtherMachineLevel = 0.35;
    private const double HumLevel50 = 0.15;
    private const double HumLevel100 = 0.3;
    private const double HumLevel150 = 0.06;
    private const double EventRatePerSecond = 0.5;

    private readonly SynthesisRandom _random;
    private readonly double[] _hallHz;
    private readonly double[] _hallQ;
    private readonly double[] _hallRms;

    public FactoryNoiseModel(SynthesisRandom random)
    {
        _random = random;
        // Hall character differs from recording to recording: where the broadband energy sits.
        _hallHz = [random.Uniform(80, 200), random.Uniform(400, 900), random.Uniform(1500, 3500), random.Uniform(4000, 6500)];
        _hallQ = [random.Uniform(0.5, 1.0), random.Uniform(0.6, 1.2), random.Uniform(0.6, 1.2), random.Uniform(0.6, 1.2)];
        _hallRms = [random.Uniform(0.6, 1.0), random.Uniform(0.4, 0.8), random.Uniform(0.2, 0.5), random.Uniform(0.1, 0.3)];
        OtherMachineAzimuth = random.Uniform(0, 2 * Math.PI);
        OtherMachineDistance = random.Uniform(4, 15);
        HumAzimuth = random.Uniform(0, 2 * Math.PI);
        HumDistance = random.Uniform(3, 10);
        EventAzimuth = random.Uniform(0, 2 * Math.PI);
        EventDistance = random.Uniform(3, 20);
    }

    public double OtherMachineAzimuth { get; }

    public double OtherMachineDistance { get; }

    public double HumAzimuth { get; }

    public double HumDistance { get; }

    public double EventAzimuth { get; }

    public double EventDistance { get; }

    /// <summary>Adds one microphone's diffuse noise; call once per channel (each call draws fresh noise).</summary>
    public void AddDiffuse(Span<float> dest, int sampleRate)
    {
        double norm = 0;
        foreach (double w in _hallRms)
        {
            norm += w * w;
        }

        norm = Math.Sqrt(norm);
        for (int k = 0; k < _hallHz.Length; k++)
        {
            SignalKit.AddBandNoise(dest, _random, sampleRate, _hallHz[k], _hallQ[k], DiffuseRms * _hallRms[k] / norm);
        }
    }

    /// <summary>Adds a distant machine: a rotation fundamental of 20-60 Hz with six harmonics and a band of flow noise.</summary>
    public void AddOtherMachine(Span<float> dest, int sampleRate)
    {
        double fundamental = _random.Uniform(20, 60);
        Span<double> amplitude = stackalloc double[6], phase = stackalloc double[6];
        for (int h = 0; h < amplitude.Length; h++)
        {
            amplitude[h] = OtherMachineLevel * _random.Uniform(0.1, 1.0) / (h + 1);
            phase[h] = _random.Uniform(0, 2 * Math.PI);
        }

        Span<Phasor> harmonics = stackalloc Phasor[amplitude.Length];
        for (int h = 0; h < harmonics.Length; h++)
        {
            harmonics[h] = new Phasor((h + 1) * fundamental, sampleRate, amplitude[h], phase[h]);
        }

        for (int n = 0; n < dest.Length; n++)
        {
            double sum = 0;
            for (int h = 0; h < harmonics.Length; h++)
            {
                sum += harmonics[h].Next();
            }

            dest[n] += (float)sum;
        }

        SignalKit.AddBandNoise(dest, _random, sampleRate, _random.Uniform(300, 900), 1.5, OtherMachineLevel * 0.7);
    }

    /// <summary>Adds mains hum at 50, 100 and 150 Hz.</summary>
    public void AddHum(Span<float> dest, int sampleRate)
    {
        double level = _random.Uniform(0.7, 1.3);
        double p1 = _random.Uniform(0, 6.3), p2 = _random.Uniform(0, 6.3), p3 = _random.Uniform(0, 6.3);
        var hum50 = new Phasor(MainsHz, sampleRate, level * HumLevel50, p1);
        var hum100 = new Phasor(2 * MainsHz, sampleRate, level * HumLevel100, p2);
        var hum150 = new Phasor(3 * MainsHz, sampleRate, level * HumLevel150, p3);
        for (int n = 0; n < dest.Length; n++)
        {
            dest[n] += (float)(hum50.Next() + hum100.Next() + hum150.Next());
        }
    }

    /// <summary>Adds impulsive events, a Poisson process of about one every two seconds.</summary>
    public void AddEvents(Span<float> dest, int sampleRate)
    {
        Span<double> hz = stackalloc double[2], decay = stackalloc double[2], weight = stackalloc double[2];
        for (double t = _random.NextExponential(EventRatePerSecond); t * sampleRate < dest.Length; t += _random.NextExponential(EventRatePerSecond))
        {
            hz[0] = _random.Uniform(300, 1500);
            hz[1] = _random.Uniform(1500, 5000);
            decay[0] = _random.Uniform(0.01, 0.06);
            decay[1] = _random.Uniform(0.003, 0.02);
            weight[0] = 1;
            weight[1] = _random.Uniform(0.3, 1);
            SignalKit.AddImpact(dest, _random, sampleRate, t * sampleRate, _random.Uniform(0.5, 2.0), hz, decay, weight);
        }
    }
}
