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

    /// <summary>Anomalous clips (the machine type's first fault at full severity), sent when <see cref="LoadOptions.AnomalousShare"/> asks; empty when none were made.</summary>
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
                Anomaly = anomalous ? AnomalyKinds.For(options.MachineType)[0] : AnomalyKind.None,
                Severity = anomalous ? 1 : 0,
                Duration = options.ClipDuration,
                Seed = options.Seed + (ulong)i,
            });
            using var stream = new MemoryStream();
            WavWriter.Write(stream, clip);
            byte[] wav = stream.ToArray();
            clips[i] = (wav, Convert.ToHexStringLower(SHA256.HashData(wav)));
        });
        return new LoadClipPool(clips[..normal], clips[normal..]);
    }

    /// <summary>A pool of the given WAV files' bytes (tests, or recorded clips).</summary>
    public static LoadClipPool Of(IEnumerable<byte[]> wavs)
    {
        ArgumentNullException.ThrowIfNull(wavs);
        var clips = wavs.Select(w => (w, Convert.ToHexStringLower(SHA256.HashData(w)))).ToList();
        return clips.Count == 0 ? throw new ArgumentException("A clip pool needs at least one clip.", nameof(wavs)) : new LoadClipPool(clips, []);
    }
}
