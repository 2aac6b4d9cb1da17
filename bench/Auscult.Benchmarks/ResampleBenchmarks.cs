using Auscult.Audio;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>Resampling 10 s of audio to the 16 kHz feature rate with a prebuilt plan, and building a plan.</summary>
[MemoryDiagnoser]
public class ResampleBenchmarks
{
    private float[] _input48k = [];
    private float[] _input44k = [];
    private float[] _output = [];
    private Resampler _from48k = null!;
    private Resampler _from44k = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _input48k = Enumerable.Range(0, 10 * 48_000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _input44k = Enumerable.Range(0, 10 * 44_100).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _from48k = new Resampler(48_000, 16_000);
        _from44k = new Resampler(44_100, 16_000);
        _output = new float[_from48k.OutputLength(_input48k.Length)];
    }

    [Benchmark(Baseline = true)]
    public float[] From48kTo16k() => _from48k.Process(_input48k);

    [Benchmark]
    public void From48kTo16kIntoBuffer() => _from48k.Process(_input48k, _output);

    [Benchmark]
    public float[] From44k1To16k() => _from44k.Process(_input44k);

    [Benchmark]
    public Resampler BuildPlan44k1To16k() => new(44_100, 16_000);
}
