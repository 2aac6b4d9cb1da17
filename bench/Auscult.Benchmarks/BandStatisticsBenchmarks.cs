using Auscult.Drift;
using Auscult.Features;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>
/// What recording the training clips' band statistics costs: one 10-s clip's log-mel (313 frames x 128 bands) added
/// to the accumulator, and the statistics read out (9 quantiles per band from the histogram).
/// </summary>
[MemoryDiagnoser]
public class BandStatisticsBenchmarks
{
    private const int Frames = 313;
    private const int Bands = 128;
    private readonly FeatureMatrix _clip = new(BenchSignals.Noise(Frames * Bands).Select(x => -40 + (20 * x)).ToArray(), Frames, Bands);
    private readonly BandStatisticsAccumulator _filled = new(Bands);
    private readonly BandStatisticsAccumulator _running = new(Bands);

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < 100; i++)
        {
            _filled.Add(_clip);
        }
    }

    [Benchmark]
    public long AddOneClip()
    {
        _running.Add(_clip);
        return _running.FrameCount;
    }

    [Benchmark]
    public BandStatistics ToStatistics() => _filled.ToStatistics();
}
