using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;

namespace Auscult.Server.Alerting;

/// <summary>
/// The alert rules of <see cref="AlertEngine"/> behind the clip seam: loads the machine's <see cref="MachineAlertState"/>
/// from <c>machine_alert_states</c>, observes the clip, writes the alert changes (under the engine's alert ids) and the
/// new state back, all in the clip's transaction.
/// </summary>
/// <remarks>
/// Operator actions through the API (acknowledge, confirm, reject, close) change the alert rows only, not the engine's
/// state: the rows keep the operator's state and the engine closes them when the machine clears; a row an operator
/// closed is never reopened. When a <see cref="WebhookNotifier"/> is registered (<c>AddAuscultAlerts</c>), the outcome's
/// notifications are published after the clip's transaction commits.
/// </remarks>
public sealed class EngineAlertRules : IClipScoredHandler
{
    private readonly AlertEngine _engine;
    private readonly WebhookNotifier? _notifier;

    public EngineAlertRules(AlertEngine engine, WebhookNotifier? notifier = null)
    {
        _engine = engine;
        _notifier = notifier;
    }

    public async Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(alerts);
        string? stored = await alerts.EngineStateAsync().ConfigureAwait(false);
        var state = stored is null ? MachineAlertState.Create(clip.MachineId) : AlertJson.DeserializeState(stored);
        var observation = new ClipObservation(clip.ClipId, clip.Verdict, clip.Score, clip.Threshold, clip.ModelId, clip.Kind,
            clip.Verdict == Verdict.InputUnfit ? clip.UnfitReason ?? "the clip is unfit for scoring" : null);
        var outcome = _engine.Observe(state, observation);
        foreach (var change in outcome.Changes)
        {
            await alerts.UpsertAsync(change.Alert, change.ClipIds, change.Event).ConfigureAwait(false);
        }

        await alerts.SaveEngineStateAsync(outcome.State.Version, AlertJson.Serialize(outcome.State)).ConfigureAwait(false);
        if (_notifier is { } notifier && outcome.Notifications.Any())
        {
            alerts.AfterCommit(() => notifier.Publish(outcome));
        }

        return outcome.Clip?.AlertId;
    }
}
