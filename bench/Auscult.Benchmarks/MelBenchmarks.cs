using Auscult.Dsp;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>The 128-band Slaney mel bank applied to the 313 power spectra of a 10-s clip.</summary>
[MemoryDiagnoser]
public class MelBenchmarks
{
    private const int Frames = 313;
    private readonly MelFilterBank _bank = new(16000, 1024, 128, 0, 8000);
    private readonly float[] _power = BenchSignals.Noise(Frames * 513).Select(Math.Abs).ToArray();
    private readonly float[] _mel = new float[Frames * 128];

    [Benchmark]
    public void Apply128Bands313Frames()
    {
        for (int t = 0; t < Frames; t++)
        {
            _bank.Apply(_power.AsSpan(t * 513, 513), _mel.AsSpan(t * 128, 128));
        }
    }
}
