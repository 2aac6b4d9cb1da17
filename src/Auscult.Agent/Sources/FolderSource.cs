using System.Runtime.CompilerServices;
using Auscult.Audio;

namespace Auscult.Agent.Sources;

/// <summary>
/// Watches a folder that a recorder fills and sends each WAV file once it is complete: its size and modification time
/// have not changed over one poll and its header parses with its whole <c>data</c> chunk present. Once the clip is in
/// the spool the file moves into <c>sent/</c> below the folder, so it is sent once, also across restarts.
/// </summary>
/// <remarks>
/// Only files directly in the folder are read (not <c>sent/</c> or <c>failed/</c>). A file that stays unchanged but
/// is not a readable WAV for <see cref="FailAfterPolls"/> polls moves into <c>failed/</c> and is reported. A crash
/// between spooling a clip and moving its file sends that file again under a new clip id (at least once).
/// </remarks>
public sealed class FolderSource : IClipSource
{
    /// <summary>The subfolder sent files move into.</summary>
    public const string SentFolderName = "sent";

    /// <summary>The subfolder unreadable files move into.</summary>
    public const string FailedFolderName = "failed";

    private readonly TimeProvider _time;
    private readonly Dictionary<string, (long Size, DateTime Modified, int StablePolls)> _seen = new(StringComparer.Ordinal);

    public FolderSource(string folder, string machineId, string machineType, TimeSpan? pollInterval = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Folder))
        {
            throw new InputException($"--watch {Folder}: the folder does not exist.");
        }

        MachineId = Transport.Topics.CheckLevel(machineId, "machine id");
        MachineType = Transport.Topics.CheckLevel(machineType, "machine type");
        PollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
        _time = time ?? TimeProvider.System;
    }

    public string Folder { get; }

    public string MachineId { get; }

    public string MachineType { get; }

    /// <summary>How often the folder is listed; default 1 s. A file must be unchanged over one interval.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>Polls an unchanged, unreadable file is given before it moves into <c>failed/</c>.</summary>
    public int FailAfterPolls { get; init; } = 10;

    /// <inheritdoc/>
    public string Description => $"folder {Folder} for {MachineId} ({MachineType})";

    /// <inheritdoc/>
    public async IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var clip in Poll(report))
            {
                yield return clip;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>One look at the folder: the files that became complete since the last look.</summary>
    internal List<CapturedClip> Poll(Action<string> report)
    {
        var ready = new List<CapturedClip>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal))
        {
            if (!path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            present.Add(path);
            FileInfo file = new(path);
            if (!file.Exists)
            {
                continue;
            }

            var now = (file.Length, file.LastWriteTimeUtc);
            if (!_seen.TryGetValue(path, out var before) || before.Size != now.Length || before.Modified != now.LastWriteTimeUtc)
            {
                _seen[path] = (now.Length, now.LastWriteTimeUtc, 0);
                continue;
            }

            int stable = before.StablePolls + 1;
            _seen[path] = (before.Size, before.Modified, stable);
            byte[] wav;
            try
            {
                wav = File.ReadAllBytes(path);
                using var stream = new MemoryStream(wav, writable: false);
                WavReader.ReadInfo(stream, path);
            }
            catch (Exception e) when (e is AuscultException or IOException)
            {
                if (stable >= FailAfterPolls)
                {
                    string moved = MoveInto(path, FailedFolderName);
                    _seen.Remove(path);
                    report($"{path}: not a complete WAV file ({e.Message}); moved to {moved}.");
                }

                continue;
            }

            ready.Add(new CapturedClip(MachineId, MachineType, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), wav, path));
        }

        foreach (string gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _seen.Remove(gone);
        }

        return ready;
    }

    /// <inheritdoc/>
    public void Spooled(CapturedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SourcePath is { } path && File.Exists(path))
        {
            MoveInto(path, SentFolderName);
            _seen.Remove(path);
        }
    }

    /// <summary>After a restart: files of spooled clips that a crash left in the folder are moved now, not sent again.</summary>
    public void FinishMoves(IEnumerable<ClipMetadata> spooled)
    {
        ArgumentNullException.ThrowIfNull(spooled);
        foreach (var clip in spooled)
        {
            if (clip.SourcePath is { } path && Path.GetDirectoryName(path) == Folder && File.Exists(path))
            {
                MoveInto(path, SentFolderName);
            }
        }
    }

    private string MoveInto(string path, string subfolder)
    {
        string folder = Path.Combine(Folder, subfolder);
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, Path.GetFileName(path));
        for (int n = 1; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(path)}.{n}{Path.GetExtension(path)}");
        }

        File.Move(path, target);
        return target;
    }
}
