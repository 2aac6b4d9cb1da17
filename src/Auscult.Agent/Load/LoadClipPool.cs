using System.Security.Cryptography;
using Auscult.Audio;
using Auscult.Data.Synthesis;

namespace Auscult.Agent.Load;

/// <summary>
/// The synthetic clips a load run sends in turn: normal recordings of the run's machine type from the core's
/// synthesiser, 16-bit WAV bytes with their SHA-256, made once before the run so that synthesis is not what is measured.
/// </summary>
public sealed class LoadClipPool
{
    private LoadClipPool(IReadOnlyList<(byte[] Wav, string Sha256)> clips, IReadOnlyList<(byte[] Wav, string Sha256)> anomalous)
    {
        Clips = clips;
        Anomalous = anomalous;
    }

    /// <summary>The clips' WAV bytes and SHA-256 (lower-case hex).</summary>
    public IReadOnlyList<(byte[] Wav, string Sha256)> Clips { get; }

    /// <summary>Anomalous clips (normal ones with a loud whine, see <see cref="WithWhine"/>), sent when <see cref="LoadOptions.AnomalousShare"/> asks; empty when none were made.</summary>
    public IReadOnlyList<(byte[] Wav, string Sha256)> Anomalous { get; }

    /// <summary>
    /// Synthesises <see cref="LoadOptions.PoolSize"/> clips, and as many anomalous ones when
    /// <see cref="LoadOptions.AnomalousShare"/> is above 0 (in parallel; deterministic for a seed).
    /// </summary>
    public static LoadClipPool Create(LoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var synthesizer = new MachineSoundSynthesizer();
        int normal = options.PoolSize;
        var clips = new (byte[], string)[options.AnomalousShare > 0 ? 2 * normal : normal];
        Parallel.For(0, clips.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            bool anomalous = i >= normal;
            var clip = synthesizer.Synthesize(new ClipSpec
            {
                Type = options.MachineType,
                MachineId = 0,
                Duration = options.ClipDuration,
                Seed = options.Seed + (ulong)i,
            });
            if (anomalous)
            {
                clip = WithWhine(clip);
            }

            using var stream = new MemoryStream();
            WavWriter.Write(stream, clip);
            byte[] wav = stream.ToArray();
            clips[i] = (wav, Convert.ToHexStringLower(SHA256.HashData(wav)));
        });
        return new LoadClipPool(clips[..normal], clips[normal..]);
    }

    /// <summary>
    /// The clip with a steady 3 kHz whine at a tenth of full scale mixed in: a fault every model flags (a synthetic fault
    /// at full severity is subtler than a briefly trained autoencoder's threshold: measured, a 3-epoch fan model scored
    /// synthetic unbalance clips 157 against a threshold of 201, and this whine 252).
    /// </summary>
    private static AudioClip WithWhine(AudioClip clip)
    {
        float[] samples = clip.MixDown();
        for (int n = 0; n < samples.Length; n++)
        {
            samples[n] = Math.Clamp(0.5f * samples[n] + (float)(0.1 * Math.Sin(2 * Math.PI * 3000.0 * n / clip.SampleRate)), -1f, 1f);
        }

        return AudioClip.Mono(samples, clip.SampleRate, clip.Source);
    }

    /// <summary>A pool of the given WAV files' bytes (tests, or recorded clips).</summary>
    public static LoadClipPool Of(IEnumerable<byte[]> wavs)
    {
        ArgumentNullException.ThrowIfNull(wavs);
        var clips = wavs.Select(w => (w, Convert.ToHexStringLower(SHA256.HashData(w)))).ToList();
        return clips.Count == 0 ? throw new ArgumentException("A clip pool needs at least one clip.", nameof(wavs)) : new LoadClipPool(clips, []);
    }
}
