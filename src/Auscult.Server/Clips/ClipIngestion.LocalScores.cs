using Auscult.Messaging;
using Auscult.Server.Dashboard;
using Auscult.Server.Machines;

namespace Auscult.Server.Clips;

/// <summary>Scores an agent computed on the device (<c>auscult agent --model</c>), stored through the same transaction and alert rules as a clip.</summary>
public sealed partial class ClipIngestion
{
    /// <summary>The format recorded for a clip that arrived as a device's score, without its audio.</summary>
    public const string ScoredOnDeviceFormat = "none (scored on the device)";

    /// <summary>
    /// Stores a device's score of a clip whose audio stayed on the device: a clip row without audio and the device's
    /// score, judged by the alert rules like any other; a clip id seen before is answered with its first result.
    /// </summary>
    /// <exception cref="ProblemException">
    /// 400 for a bad id or verdict, or a score without its score and threshold; 404 for an unknown machine without a
    /// machine type; 422 for a model the service does not hold (every stored score names a bundle it can show).
    /// </exception>
    /// <param name="message">The device's score.</param>
    /// <param name="site">The site it came from (its MQTT topic), or null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<ClipResult> IngestLocalScoreAsync(ScoreMessage message, string? site = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await StoreLocalScoreAsync(message, cancellationToken).ConfigureAwait(false);
        _committed?.Publish(new CommittedClip(result, site, message.ClipId, message.DeviceId, message.RecordedAt));
        return result;
    }

    private async Task<ClipResult> StoreLocalScoreAsync(ScoreMessage message, CancellationToken cancellationToken)
    {
        string machineId = MachineIds.Require(message.MachineId, "The machine id");
        string? machineType = message.MachineType is null ? null : MachineIds.Require(message.MachineType, "The machine type");
        string clientClipId = ValidClientClipId(message.ClipId)!;
        if (await new Storage.ClipStore(_database).FindResultAsync(machineId, clientClipId, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        var verdict = WireNames.TryParse<Verdict>(message.Verdict)
            ?? throw ProblemException.BadRequest($"Score of clip {clientClipId}: verdict '{message.Verdict}' is not one of normal, anomalous, input-unfit, no-model.");
        if (verdict is Verdict.Normal or Verdict.Anomalous && (message.Score is not { } s || !double.IsFinite(s) || message.Threshold is not { } t || !double.IsFinite(t)))
        {
            throw ProblemException.BadRequest($"Score of clip {clientClipId}: a {message.Verdict} verdict needs a finite score and threshold.");
        }

        if (verdict != Verdict.NoModel && (message.ModelId is null || await _models.GetAsync(message.ModelId, cancellationToken).ConfigureAwait(false) is null))
        {
            throw ProblemException.Unprocessable(
                $"Score of clip {clientClipId}: the service does not hold model '{message.ModelId ?? "(none)"}'; upload the bundle the agent runs (POST {ServerInfo.ApiPrefix}/models) so its scores can be traced.");
        }

        var machine = await new Storage.MachineStore(_database).GetAsync(machineId, cancellationToken).ConfigureAwait(false);
        if (machine is null && machineType is null)
        {
            throw ProblemException.NotFound($"The machine '{machineId}' is not registered and the score names no machineType.");
        }

        var now = _timeProvider.GetUtcNow();
        string clipId = Guid.CreateVersion7(now).ToString();
        // No audio: the health fields the service did not measure stay empty; the device's verdict says whether the input was fit.
        var health = new ClipHealth(verdict != Verdict.InputUnfit, 0, 0, 0, null, null, 0, 0, 0, 0, []);
        var newClip = new NewClip(clipId, machineId, clientClipId, message.DeviceId, now, message.RecordedAt, ScoredOnDeviceFormat, 0, 0, TimeSpan.Zero, 0,
            "", health, null);
        var score = new NewScore(Guid.CreateVersion7(now).ToString(), clipId, machineId, verdict == Verdict.NoModel ? null : message.ModelId,
            message.RecordedAt ?? now, now, verdict is Verdict.Normal or Verdict.Anomalous ? message.Score : null, message.Threshold, verdict, message.Kind,
            verdict == Verdict.InputUnfit ? message.UnfitReason ?? "the device found the input unfit" : null) { InstanceId = _instance.Id };
        string type = machine?.MachineType ?? machineType!;
        var (stored, session) = await _database.InTransactionAsync((c, t) => StoreAsync(c, t, newClip, score, type, health, null, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (stored is null)
        {
            return (await new Storage.ClipStore(_database).FindResultAsync(machineId, clientClipId, cancellationToken).ConfigureAwait(false))!;
        }

        session?.RunAfterCommit();
        _events?.Publish(new MachineChange(machineId, stored.ClipId));
        return stored;
    }
}
