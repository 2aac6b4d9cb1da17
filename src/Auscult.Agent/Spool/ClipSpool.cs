using System.Security.Cryptography;
using System.Text.Json;
using Auscult.Messaging;
using Auscult.Scoring;

namespace Auscult.Agent.Spool;

/// <summary>
/// A bounded on-disk queue of clips waiting for delivery. Every clip is written here first (the WAV bytes and a JSON
/// metadata file beside them, each written to a temporary name, flushed and renamed) and leaves only when the transport
/// acknowledged or refused it for good. When a new clip would exceed the size limit the oldest clips are dropped and
/// counted. Opening a folder that holds clips resumes them in their order.
/// </summary>
/// <remarks>
/// Files are <c>{sequence:D16}.wav</c> and <c>{sequence:D16}.json</c>; the JSON file is written last, so a clip exists
/// once its metadata does. Leftovers of an interrupted write (<c>.partial</c> files, audio without metadata) are
/// deleted on open. A clip scored on the device whose audio is not sent (<see cref="ClipMetadata.HasAudio"/> false) is
/// its metadata file alone, which carries the score; it counts <see cref="ScoreOnlyBytes"/> towards the limit. Thread-safe:
/// sources add while the sender reads and acknowledges.
/// </remarks>
public sealed class ClipSpool
{
    private const string AudioExtension = ".wav";
    private const string MetadataExtension = ".json";
    private const string PartialSuffix = ".partial";

    /// <summary>What a clip without audio counts towards the limit: about its metadata file's size, so scores cannot fill a disk either.</summary>
    public const long ScoreOnlyBytes = 1024;

    private readonly object _gate = new();
    private readonly SortedDictionary<long, SpooledClip> _clips = new();
    private readonly bool _durable;
    private long _nextSequence;
    private long _bytes;
    private long _dropped;
    private long _rejected;
    private TaskCompletionSource _added = NewSignal();

    private ClipSpool(string folder, long limitBytes, bool durable)
    {
        Folder = folder;
        LimitBytes = limitBytes;
        _durable = durable;
    }

    /// <summary>The spool's folder.</summary>
    public string Folder { get; }

    /// <summary>The most bytes of audio the spool holds; older clips are dropped to make room.</summary>
    public long LimitBytes { get; }

    /// <summary>Clips waiting.</summary>
    public int Depth
    {
        get { lock (_gate) { return _clips.Count; } }
    }

    /// <summary>Bytes of audio waiting.</summary>
    public long Bytes
    {
        get { lock (_gate) { return _bytes; } }
    }

    /// <summary>Clips dropped since this spool was opened because it was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Clips removed since this spool was opened because the receiver refused them for good.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Raised (outside the spool's lock) for each clip dropped to make room.</summary>
    public event Action<SpooledClip>? ClipDropped;

    /// <summary>
    /// Opens (creating it when absent) the spool in <paramref name="folder"/> and resumes the clips already in it.
    /// </summary>
    /// <param name="folder">The spool folder; it should hold nothing else.</param>
    /// <param name="limitBytes">The size limit in bytes, at least 64 KiB.</param>
    /// <param name="durable">Flush each file to the disk before renaming it (on by default: a spool must survive a power cut).</param>
    /// <exception cref="ConfigurationException">The limit is too small.</exception>
    /// <exception cref="InputException">The folder cannot be created or read.</exception>
    public static ClipSpool Open(string folder, long limitBytes, bool durable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (limitBytes < 64 * 1024)
        {
            throw new ConfigurationException($"spool size limit {limitBytes} bytes is too small: give at least 64 KiB (e.g. 1GB).");
        }

        string full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"spool folder {full}: cannot be created: {e.Message}", e);
        }

        var spool = new ClipSpool(full, limitBytes, durable);
        spool.Resume();
        return spool;
    }

    /// <summary>
    /// Adds a clip: gives it a new clip id (UUIDv7) and its SHA-256, writes it to disk, then drops the oldest clips while
    /// the spool is over its limit. A clip larger than the whole limit is dropped at once (and counted).
    /// </summary>
    /// <returns>The spooled clip, or null when it was too large to keep.</returns>
    public SpooledClip? Add(CapturedClip clip, string deviceId) => Add(clip, deviceId, null, keepAudio: true);

    /// <summary>
    /// Adds a clip with its local decision: as <see cref="Add(CapturedClip, string)"/>, and the metadata carries the
    /// <see cref="ScoreMessage"/> built from <paramref name="decision"/>; without <paramref name="keepAudio"/> no audio is
    /// written, only the score.
    /// </summary>
    /// <param name="clip">The clip.</param>
    /// <param name="deviceId">This device.</param>
    /// <param name="decision">The local decision, or null when the clip was not scored (its audio is then always kept).</param>
    /// <param name="keepAudio">Whether the audio is kept and sent with the score.</param>
    /// <returns>The spooled clip, or null when it was too large to keep.</returns>
    public SpooledClip? Add(CapturedClip clip, string deviceId, ManagedDecision? decision, bool keepAudio)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var id = Guid.CreateVersion7();
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(clip.Wav));
        var metadata = new ClipMetadata(id, clip.MachineId, clip.MachineType, clip.RecordedAt, sha256, deviceId, clip.Wav.LongLength)
        {
            SourcePath = clip.SourcePath,
            Score = decision is null ? null : new ScoreMessage(id.ToString(), clip.MachineId, clip.MachineType, deviceId, clip.RecordedAt,
                ScoreMessage.VerdictName(decision.Verdict), decision.Score, decision.Threshold, decision.ModelId, UnfitReason: decision.UnfitReason)
            {
                Sha256 = sha256,
                RmsDbfs = double.IsFinite(decision.Health.RmsDbfs) ? decision.Health.RmsDbfs : null,
                AudioSent = keepAudio,
            },
        };
        if (StoredBytes(metadata) > LimitBytes)
        {
            Interlocked.Increment(ref _dropped);
            ClipDropped?.Invoke(new SpooledClip(-1, metadata));
            return null;
        }

        long sequence = Interlocked.Increment(ref _nextSequence) - 1;
        var spooled = new SpooledClip(sequence, metadata);
        var dropped = new List<SpooledClip>();
        while (!TryWrite(sequence, clip, metadata))
        {
            // The disk is full before the spool's limit is: the oldest clip makes room, as a full spool would; with
            // nothing left to drop, the new clip is dropped. Either way counted, never an agent that stops capturing.
            SpooledClip? oldest;
            lock (_gate)
            {
                oldest = _clips.Count == 0 ? null : _clips.First().Value;
                if (oldest is not null)
                {
                    RemoveLocked(oldest);
                }
            }

            if (oldest is null)
            {
                DeleteFiles(sequence);
                Interlocked.Increment(ref _dropped);
                ClipDropped?.Invoke(new SpooledClip(-1, metadata));
                return null;
            }

            Interlocked.Increment(ref _dropped);
            DeleteFiles(oldest.Sequence);
            ClipDropped?.Invoke(oldest);
        }

        TaskCompletionSource added;
        lock (_gate)
        {
            _clips.Add(sequence, spooled);
            _bytes += StoredBytes(metadata);
            while (_bytes > LimitBytes && _clips.Count > 1)
            {
                var oldest = _clips.First().Value;
                RemoveLocked(oldest);
                dropped.Add(oldest);
            }

            added = _added;
            _added = NewSignal();
        }

        foreach (var clipDropped in dropped)
        {
            Interlocked.Increment(ref _dropped);
            DeleteFiles(clipDropped.Sequence);
            ClipDropped?.Invoke(clipDropped);
        }

        added.TrySetResult();
        return spooled;
    }

    /// <summary>The oldest clip waiting, or null when the spool is empty.</summary>
    public SpooledClip? Oldest()
    {
        lock (_gate)
        {
            return _clips.Count == 0 ? null : _clips.First().Value;
        }
    }

    /// <summary>The clips waiting, oldest first (a snapshot).</summary>
    public IReadOnlyList<SpooledClip> Snapshot()
    {
        lock (_gate)
        {
            return _clips.Values.ToList();
        }
    }

    /// <summary>Waits until a clip is added (returns at once when the spool is not empty).</summary>
    public Task WaitForClipAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_clips.Count > 0)
            {
                return Task.CompletedTask;
            }

            signal = _added.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>The WAV bytes of a spooled clip, or null when it has left the spool meanwhile (dropped to make room).</summary>
    public byte[]? ReadAudio(SpooledClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        try
        {
            return File.ReadAllBytes(PathOf(clip.Sequence, AudioExtension));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes a clip the receiver acknowledged. Returns false when it had already left (dropped).</summary>
    public bool Acknowledge(SpooledClip clip) => Remove(clip);

    /// <summary>Removes a clip the receiver refused for good, and counts it. Returns false when it had already left.</summary>
    public bool Reject(SpooledClip clip)
    {
        bool removed = Remove(clip);
        if (removed)
        {
            Interlocked.Increment(ref _rejected);
        }

        return removed;
    }

    private bool Remove(SpooledClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        lock (_gate)
        {
            if (!_clips.TryGetValue(clip.Sequence, out var held) || held.Metadata.ClipId != clip.Metadata.ClipId)
            {
                return false;
            }

            RemoveLocked(held);
        }

        DeleteFiles(clip.Sequence);
        return true;
    }

    private void RemoveLocked(SpooledClip clip)
    {
        _clips.Remove(clip.Sequence);
        _bytes -= StoredBytes(clip.Metadata);
    }

    private void Resume()
    {
        foreach (string partial in Directory.EnumerateFiles(Folder, "*" + PartialSuffix))
        {
            File.Delete(partial);
        }

        long maxSequence = -1;
        var audioWithMetadata = new HashSet<long>();
        foreach (string path in Directory.EnumerateFiles(Folder, "*" + MetadataExtension))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out long sequence))
            {
                continue;
            }

            ClipMetadata? metadata = null;
            try
            {
                using var stream = File.OpenRead(path);
                metadata = JsonSerializer.Deserialize(stream, AgentJsonContext.Default.ClipMetadata);
            }
            catch (JsonException)
            {
                // A metadata file is renamed into place only when complete; one that does not parse was not ours.
            }

            string audio = PathOf(sequence, AudioExtension);
            if (metadata is null || (metadata.HasAudio && !File.Exists(audio)))
            {
                File.Delete(path);
                continue;
            }

            audioWithMetadata.Add(sequence);
            _clips.Add(sequence, new SpooledClip(sequence, metadata));
            _bytes += StoredBytes(metadata);
            maxSequence = Math.Max(maxSequence, sequence);
        }

        foreach (string path in Directory.EnumerateFiles(Folder, "*" + AudioExtension))
        {
            // Audio whose metadata was never written: the write was interrupted before the clip existed.
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out long sequence) && !audioWithMetadata.Contains(sequence))
            {
                File.Delete(path);
                maxSequence = Math.Max(maxSequence, sequence);
            }
        }

        _nextSequence = maxSequence + 1;
    }

    private static long StoredBytes(ClipMetadata metadata) => metadata.HasAudio ? metadata.SizeBytes : ScoreOnlyBytes;

    /// <summary>Writes a clip's files; false when the disk is full (nothing of the clip is left behind then).</summary>
    private bool TryWrite(long sequence, CapturedClip clip, ClipMetadata metadata)
    {
        try
        {
            if (metadata.HasAudio)
            {
                WriteAtomically(PathOf(sequence, AudioExtension), stream => stream.Write(clip.Wav));
            }

            WriteAtomically(PathOf(sequence, MetadataExtension),
                stream => JsonSerializer.Serialize(stream, metadata, AgentJsonContext.Default.ClipMetadata));
            return true;
        }
        catch (InputException e) when (e.InnerException is IOException io && IsDiskFull(io))
        {
            DeleteFiles(sequence);
            return false;
        }
    }

    // ENOSPC (28) and EDQUOT (122) on Linux, where .NET gives the errno as the HResult; ERROR_DISK_FULL and
    // ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    private void WriteAtomically(string path, Action<Stream> write)
    {
        string temporary = path + PartialSuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: _durable);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            throw new InputException($"spool folder {Folder}: cannot write a clip: {e.Message}", e);
        }
    }

    private void DeleteFiles(long sequence)
    {
        // Metadata first: a clip whose metadata is gone no longer exists, even if deleting the audio is interrupted.
        File.Delete(PathOf(sequence, MetadataExtension));
        File.Delete(PathOf(sequence, AudioExtension));
    }

    private string PathOf(long sequence, string extension) =>
        Path.Combine(Folder, sequence.ToString("D16", System.Globalization.CultureInfo.InvariantCulture) + extension);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
