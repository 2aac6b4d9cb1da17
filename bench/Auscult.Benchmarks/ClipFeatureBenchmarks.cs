using Auscult.Audio;
using Auscult.Features;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>
/// A whole 10-s 16 kHz clip from samples to DCASE 2020 features: 128-band log-mel and 5-frame context vectors.
/// Target: at most 1 ms on one core; the only allocation is the returned matrix (309 x 640 floats).
/// </summary>
[MemoryDiagnoser]
public class ClipFeatureBenchmarks
{
    private readonly LogMelExtractor _extractor = new(FeatureOptions.Dcase2020);
    private readonly float[] _signal = BenchSignals.Noise(160_000);
    private float[] _vectors = [];
    private float[] _logMel = [];
    private byte[] _wav = [];

    [GlobalSetup]
    public void Setup()
    {
        _vectors = new float[_extractor.VectorCount(_signal.Length) * _extractor.Options.VectorLength];
        _logMel = new float[_extractor.FrameCount(_signal.Length) * _extractor.Options.MelBandCount];
        using var stream = new MemoryStream();
        WavWriter.Write(stream, AudioClip.Mono(_signal, 16_000));
        _wav = stream.ToArray();
    }

    /// <summary>The whole job per clip: decode a 16-bit WAV (from memory, so disk speed does not count) and extract vectors.</summary>
    [Benchmark]
    public void DecodeAndExtractVectorsIntoBuffer()
    {
        AudioClip clip = WavReader.Read(new MemoryStream(_wav, writable: false), "bench.wav");
        // Mono at the feature rate: the loader hands the decoded samples over uncopied, as here.
        _extractor.Extract(clip.Interleaved, _vectors);
    }

    [Benchmark(Baseline = true)]
    public FeatureMatrix ExtractVectors() => _extractor.Extract(_signal);

    [Benchmark]
    public void ExtractVectorsIntoBuffer() => _extractor.Extract(_signal, _vectors);

    [Benchmark]
    public void ExtractLogMelIntoBuffer() => _extractor.ExtractLogMel(_signal, _logMel);
}
