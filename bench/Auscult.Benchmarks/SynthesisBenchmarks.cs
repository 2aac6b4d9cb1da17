using Auscult.Audio;
using Auscult.Data.Synthesis;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>One 10-s, 16-kHz mono clip at 6 dB per machine type (machine model, factory background, mixing).</summary>
[MemoryDiagnoser]
public class SynthesisBenchmarks
{
    private readonly MachineSoundSynthesizer _synthesizer = new();

    [Params(MachineType.Fan, MachineType.Pump, MachineType.Slider, MachineType.Valve)]
    public MachineType Type { get; set; }

    [GlobalSetup]
    public void Setup() => _synthesizer.Synthesize(new ClipSpec { Type = Type }); // per-machine calibration is cached

    [Benchmark]
    public AudioClip TenSecondClip() => _synthesizer.Synthesize(new ClipSpec { Type = Type, Seed = 1 });
}
