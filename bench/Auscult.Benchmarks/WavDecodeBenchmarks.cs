using Auscult.Audio;
using BenchmarkDotNet.Attributes;

namespace Auscult.Benchmarks;

/// <summary>
/// Decoding 10 s of 16 kHz 16-bit audio, the size of a MIMII or DCASE clip: mono (DCASE) and 8 channels (raw MIMII),
/// from memory through the Stream overload, and mono from a file (operating-system cache warm).
/// </summary>
[MemoryDiagnoser]
public class WavDecodeBenchmarks
{
    private const int SampleRate = 16_000;
    private const int Frames = 10 * SampleRate;

    private byte[] _mono = [];
    private byte[] _eightChannels = [];
    private string _monoPath = "";
    private byte[] _monoData = [];
    private float[] _decoded = [];

    [GlobalSetup]
    public void Setup()
    {
        _mono = Encode(1);
        _eightChannels = Encode(8);
        _monoPath = Path.Combine(Path.GetTempPath(), $"auscult-bench-{Environment.ProcessId}.wav");
        File.WriteAllBytes(_monoPath, _mono);
        _monoData = _mono[44..]; // the canonical header is 44 bytes
        _decoded = new float[Frames];
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_monoPath);

    [Benchmark(Baseline = true)]
    public AudioClip MonoPcm16FromStream() => WavReader.Read(new MemoryStream(_mono, writable: false), "mono");

    [Benchmark]
    public AudioClip EightChannelPcm16FromStream() => WavReader.Read(new MemoryStream(_eightChannels, writable: false), "8ch");

    [Benchmark]
    public AudioClip MonoPcm16FromFile() => WavReader.Read(_monoPath);

    /// <summary>The sample conversion alone, into a reused array: what the reader costs beyond I/O and allocation.</summary>
    [Benchmark]
    public void MonoPcm16ConvertOnly() => WavSampleDecoder.Decode(WavSampleEncoding.Int16, _monoData, _decoded);

    private static byte[] Encode(int channels)
    {
        var random = new Random(1);
        var samples = new float[Frames * channels];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = random.Next(-32768, 32768) / 32768f;
        }

        var stream = new MemoryStream();
        WavWriter.Write(stream, new AudioClip(samples, channels, SampleRate), WavSampleFormat.Pcm16);
        return stream.ToArray();
    }
}
