using Auscult.Dsp;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>Power spectrogram of a 10-s 16 kHz signal: 313 frames of 1024 samples, hop 512, reflect padding.</summary>
[MemoryDiagnoser]
public class StftBenchmarks
{
    private readonly Stft _stft = new(1024, 512, center: true, PadMode.Reflect);
    private readonly float[] _signal = BenchSignals.Noise(160_000);
    private float[] _power = [];

    [GlobalSetup]
    public void Setup() => _power = new float[_stft.FrameCount(_signal.Length) * _stft.BinCount];

    [Benchmark]
    public void PowerSpectrogram10s() => _stft.PowerSpectrogram(_signal, _power);
}
