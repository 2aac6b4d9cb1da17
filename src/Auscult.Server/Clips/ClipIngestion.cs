using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Auscult.Audio;
using Auscult.Drift;
using Auscult.Health;
using Auscult.Scoring;
using Auscult.Server.Alerting;
using Auscult.Server.Dashboard;
using Auscult.Server.Drift;
using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;
using Dapper;

namespace Auscult.Server.Clips;

/// <summary>
/// Stores and scores one clip: the one path for HTTP and MQTT. The decision comes from the active model's
/// <see cref="Detector"/>; the clip, its score and the alert rules' effects commit in one transaction; a clip id the
/// machine already sent is answered with the first result and stored once (the database's unique key decides, so
/// concurrent instances agree).
/// </summary>
public sealed partial class ClipIngestion
{
    /// <summary>The longest client clip id accepted.</summary>
    public const int MaxClientClipIdLength = 128;

    private readonly AuscultDatabase _database;
    private readonly FileStore _files;
    private readonly ModelStore _models;
    private readonly DetectorCache _detectors;
    private readonly IClipScoredHandler _alertRules;
    private readonly TimeProvider _timeProvider;
    private readonly MachineEvents? _events;
    private readonly CommittedClips? _committed;
    private readonly ServerInstance _instance;

    public ClipIngestion(AuscultDatabase database, FileStore files, ModelStore models, DetectorCache detectors, IClipScoredHandler alertRules,
        TimeProvider timeProvider, MachineEvents? events = null, CommittedClips? committed = null, ServerInstance? instance = null)
    {
        _events = events;
        _committed = committed;
        _instance = instance ?? new ServerInstance();
        _database = database;
        _files = files;
        _models = models;
        _detectors = detectors;
        _alertRules = alertRules;
        _timeProvider = timeProvider;
    }

    /// <summary>Stores and scores <paramref name="upload"/>; answers the first result when its clip id was seen before.</summary>
    /// <exception cref="ProblemException">
    /// 400 for an empty body or a bad id; 404 for an unknown machine without a machine type; 422 for bytes that are not a
    /// WAV file Auscult reads (named), or a clip the model's features cannot use.
    /// </exception>
    public async Task<ClipResult> IngestAsync(ClipUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var result = await StoreAsync(upload, cancellationToken).ConfigureAwait(false);
        // Also for a clip id seen before: the first delivery may have committed without its results reaching the broker.
        _committed?.Publish(new CommittedClip(result, upload.Site, upload.ClientClipId, upload.DeviceId, upload.RecordedAt));
        return result;
    }

    private async Task<ClipResult> StoreAsync(ClipUpload upload, CancellationToken cancellationToken)
    {
        string machineId = MachineIds.Require(upload.MachineId, "The machine id");
        string? machineType = upload.MachineType is null ? null : MachineIds.Require(upload.MachineType, "The machine type (X-Machine-Type)");
        string? clientClipId = ValidClientClipId(upload.ClientClipId);

        // The reads before scoring share one connection (the earlier answer, the machine, its active model).
        string type;
        ModelRecord? model;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (clientClipId is not null && await ClipStore.FindResultAsync(connection, null, machineId, clientClipId).ConfigureAwait(false) is { } earlier)
            {
                return await AttachDeviceAudioAsync(earlier, upload, clientClipId, cancellationToken).ConfigureAwait(false);
            }

            var machine = await MachineStore.GetAsync(connection, null, machineId).ConfigureAwait(false);
            if (machine is null && machineType is null)
            {
                throw ProblemException.NotFound(
                    $"The machine '{machineId}' is not registered. Register it with PUT {ServerInfo.ApiPrefix}/machines/{machineId} and a body {{\"machineType\": \"fan\"}} " +
                    "(an admin key), or send its type with the clip in the X-Machine-Type header.");
            }

            type = machine?.MachineType ?? machineType!;
            model = await ModelStore.ActiveForAsync(connection, machineId, type).ConfigureAwait(false);
        }

        var (clip, info) = Decode(upload.Wav, machineId, clientClipId);
        var now = _timeProvider.GetUtcNow();
        var (decision, observation) = model is null ? (null, null)
            : Decide(await _detectors.GetAsync(model, cancellationToken).ConfigureAwait(false), _detectors.DriftReferenceOf(model), clip, machineId,
                upload.RecordedAt ?? now);
        var health = ClipHealth.From(decision?.Health ?? InputHealthAnalyzer.Analyze(clip));
        var verdict = decision is null ? Verdict.NoModel : decision.Verdict switch
        {
            ScoreVerdict.Normal => Verdict.Normal,
            ScoreVerdict.Anomalous => Verdict.Anomalous,
            _ => Verdict.InputUnfit,
        };

        string clipId = Guid.CreateVersion7(now).ToString();
        string audioPath = FileStore.AudioPathOf(clipId, now);
        var newClip = new NewClip(clipId, machineId, clientClipId ?? clipId, upload.DeviceId, now, upload.RecordedAt,
            $"{info.FormatName} {info.BitsPerSample}-bit", info.SampleRate, info.ChannelCount, info.Duration, upload.Wav.Length,
            Convert.ToHexStringLower(SHA256.HashData(upload.Wav.Span)), health, audioPath);
        var score = new NewScore(Guid.CreateVersion7(now).ToString(), clipId, machineId, decision?.ModelId, upload.RecordedAt ?? now, now,
            decision?.Score, decision?.Threshold, verdict, decision?.Kind, decision?.UnfitReason) { InstanceId = _instance.Id };

        // The audio is on disk before the row that points at it commits; a crash in between leaves an orphan file,
        // never a clip without its audio.
        await _files.WriteAsync(audioPath, upload.Wav, cancellationToken).ConfigureAwait(false);
        ClipResult? stored;
        AlertSession? session = null;
        try
        {
            (stored, session) = await _database.InTransactionAsync((c, t) => StoreAsync(c, t, newClip, score, type, health, observation, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            _files.Delete(audioPath);
            throw;
        }

        if (stored is null)
        {
            // Another request stored the same clip id between our look-up and our insert: answer its result.
            _files.Delete(audioPath);
            return (await new ClipStore(_database).FindResultAsync(machineId, newClip.ClientClipId, cancellationToken).ConfigureAwait(false))!;
        }

        session?.RunAfterCommit();
        _events?.Publish(new MachineChange(machineId, stored.ClipId));
        return stored;
    }

    /// <summary>
    /// A repeated clip id answers its first result. When that clip came as an agent's score without audio (the agent
    /// scored it on the device) and this is its audio, following as the agent sends it for anomalous, unfit and sampled
    /// clips, the audio is kept with the clip; the device's score stays the clip's decision.
    /// </summary>
    private async Task<ClipResult> AttachDeviceAudioAsync(ClipResult earlier, ClipUpload upload, string clientClipId, CancellationToken cancellationToken)
    {
        if (earlier.Health.SampleRate != 0 || upload.Wav.IsEmpty)
        {
            return earlier;
        }

        var (clip, info) = Decode(upload.Wav, earlier.MachineId, clientClipId);
        var now = _timeProvider.GetUtcNow();
        string audioPath = FileStore.AudioPathOf(earlier.ClipId, now);
        var audio = new NewClip(earlier.ClipId, earlier.MachineId, clientClipId, upload.DeviceId, now, upload.RecordedAt,
            $"{info.FormatName} {info.BitsPerSample}-bit", info.SampleRate, info.ChannelCount, info.Duration, upload.Wav.Length,
            Convert.ToHexStringLower(SHA256.HashData(upload.Wav.Span)), ClipHealth.From(InputHealthAnalyzer.Analyze(clip)), audioPath);
        await _files.WriteAsync(audioPath, upload.Wav, cancellationToken).ConfigureAwait(false);
        bool attached = false;
        try
        {
            attached = await _database.InTransactionAsync((c, t) => ClipStore.AttachAudioAsync(c, t, earlier.ClipId, audio), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!attached)
            {
                _files.Delete(audioPath);
            }
        }

        return earlier;
    }

    private async Task<(ClipResult? Result, AlertSession? Session)> StoreAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, NewClip clip,
        NewScore score, string machineType, ClipHealth health, DriftObservation? observation, CancellationToken cancellationToken)
    {
        await MachineStore.EnsureAsync(connection, transaction, clip.MachineId, machineType, clip.ReceivedAt).ConfigureAwait(false);

        // One machine's clips are stored and judged one at a time across instances: lock the machine's row
        // (PostgreSQL; SQLite's write transaction already serialises) before the rules read its recent scores and alerts.
        await connection.ExecuteAsync($"SELECT id FROM machines WHERE id = @id{_database.Dialect.ForUpdate}", new { id = clip.MachineId }, transaction)
            .ConfigureAwait(false);
        if (!await ClipStore.InsertAsync(connection, transaction, clip).ConfigureAwait(false))
        {
            return (null, null);
        }

        score = score with { MachineSeq = await ClipStore.NextMachineSeqAsync(connection, transaction, clip.MachineId).ConfigureAwait(false) };
        await ClipStore.InsertScoreAsync(connection, transaction, score).ConfigureAwait(false);
        if (observation is not null && score.ModelId is not null)
        {
            await DriftStore.InsertAsync(connection, transaction, clip.Id, clip.MachineId, score.ModelId, observation,
                score.ClipAt - MachineDriftService.Horizon).ConfigureAwait(false);
        }

        var scored = new ScoredClip(clip.Id, clip.MachineId, machineType, score.ClipAt, score.Verdict, score.Score, score.Threshold, score.Kind,
            score.ModelId, health, score.UnfitReason);
        var session = new AlertSession(connection, transaction, _database.Dialect.ForUpdate, clip.MachineId, clip.ReceivedAt);
        string? alertId = await _alertRules.OnScoredAsync(scored, session, cancellationToken).ConfigureAwait(false);
        if (session.Judgement is { } judged && (judged.Verdict != score.Verdict || judged.Threshold != score.Threshold))
        {
            // The machine's own threshold (calibrated or set by hand) decides, not the model's.
            score = score with { Verdict = judged.Verdict, Threshold = judged.Threshold };
            await ClipStore.RejudgeAsync(connection, transaction, score.Id, score.Verdict, score.Threshold).ConfigureAwait(false);
        }

        if (alertId is not null)
        {
            await ClipStore.SetAlertAsync(connection, transaction, score.Id, alertId).ConfigureAwait(false);
        }

        return (new ClipResult(clip.Id, clip.MachineId, score.Score, score.Threshold, score.Verdict, score.Kind, health, score.ModelId, alertId,
            score.UnfitReason), session);
    }

    private static (AudioClip Clip, WavInfo Info) Decode(ReadOnlyMemory<byte> wav, string machineId, string? clientClipId)
    {
        if (wav.IsEmpty)
        {
            throw ProblemException.BadRequest("The body is empty: send the clip's WAV bytes as the body (Content-Type: audio/wav).");
        }

        string name = clientClipId is null ? $"the clip for {machineId}" : $"clip {clientClipId}";
        try
        {
            using var stream = MemoryMarshal.TryGetArray(wav, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(wav.ToArray(), writable: false);
            var info = WavReader.ReadInfo(stream, name);
            stream.Position = 0;
            return (WavReader.Read(stream, name), info);
        }
        catch (InputException e)
        {
            throw ProblemException.Unprocessable(e.Message);
        }
    }

    private static (ClipDecision Decision, DriftObservation? Observation) Decide(Detector detector, DriftReference? reference, AudioClip clip,
        string machineId, DateTimeOffset recordedAt)
    {
        try
        {
            // The drift observation comes from the same features as the decision: one extraction for both.
            return DriftAnalysis.DecideAndObserve(detector, reference, clip, recordedAt);
        }
        catch (InputException e)
        {
            throw ProblemException.Unprocessable($"The clip does not fit the model active for '{machineId}' ({detector.ModelId[..12]}): {e.Message}");
        }
    }

    private static string? ValidClientClipId(string? id)
    {
        if (id is null)
        {
            return null;
        }

        if (id.Length is 0 or > MaxClientClipIdLength || id.Any(char.IsControl))
        {
            throw ProblemException.BadRequest($"X-Clip-Id must be 1-{MaxClientClipIdLength} printable characters.");
        }

        return id;
    }
}
