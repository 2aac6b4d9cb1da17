using Auscult.Audio;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>Small distinct WAV clips and MIMII-layout data sets for agent tests.</summary>
internal static class TestClips
{
    /// <summary>A 0.25 s 16 kHz mono clip of seeded noise: distinct seeds give distinct bytes.</summary>
    public static byte[] Wav(int seed, int channels = 1, int frames = 4000)
    {
        var random = new Random(seed);
        var samples = new float[frames * channels];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(random.NextDouble() - 0.5) * 0.5f;
        }

        using var stream = new MemoryStream();
        WavWriter.Write(stream, new AudioClip(samples, channels, 16000), WavSampleFormat.Pcm16);
        return stream.ToArray();
    }

    /// <summary>Writes <c>{root}/{type}/id_XX/normal/NNNNNNNN.wav</c> for each machine id: a data set the catalog reads as MIMII.</summary>
    public static string MimiiDataset(string root, string type, int[] ids, int clipsPerId)
    {
        foreach (int id in ids)
        {
            string folder = Path.Combine(root, type, $"id_{id:00}", "normal");
            Directory.CreateDirectory(folder);
            for (int n = 0; n < clipsPerId; n++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"{n:00000000}.wav"), Wav(id * 1000 + n));
            }
        }

        return root;
    }

    public static CapturedClip Captured(int seed, string machineId = "fan-01", string machineType = "fan") =>
        new(machineId, machineType, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(seed), Wav(seed));
}
