using Auscult.Dsp;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>One 1024-point real FFT (the DCASE frame size), and the power spectrum of its 513 bins.</summary>
/// <remarks>
/// The SIMD width can be compared without code changes by disabling intrinsics for the benchmark process:
/// <c>DOTNET_EnableAVX=0</c> (128-bit path, as on Arm NEON) or <c>DOTNET_EnableHWIntrinsic=0</c> (scalar path).
/// </remarks>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private readonly RealFft _fft = new(1024);
    private readonly float[] _input = BenchSignals.Noise(1024);
    private readonly float[] _spectrum = new float[1026];
    private readonly float[] _power = new float[513];

    [Benchmark(Baseline = true)]
    public void Forward1024() => _fft.Forward(_input, _spectrum);

    [Benchmark]
    public void ForwardAndPower1024()
    {
        _fft.Forward(_input, _spectrum);
        RealFft.PowerSpectrum(_spectrum, _power);
    }
}
