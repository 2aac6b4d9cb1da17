using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;

namespace Auscult.Server.Alerting;

/// <summary>
/// The alert rules of <see cref="AlertEngine"/> behind the clip seam: loads the machine's <see cref="MachineAlertState"/>
/// from <c>machine_alert_states</c>, observes the clip, writes the alert changes (under the engine's alert ids) and the
/// new state back, all in the clip's transaction.
/// </summary>
/// <remarks>
/// Operator actions through the API (acknowledge, confirm, reject, close) go through the same engine and the same
/// stored state (<see cref="MachineAlertService"/>), under the same lock of the machine's row, so the rows and the
/// engine never disagree. When a <see cref="WebhookNotifier"/> is registered (the service registers one from
/// <c>Auscult:Webhooks</c>), the outcome's notifications are published after the clip's transaction commits.
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
        var (state, version) = await alerts.LoadEngineStateAsync().ConfigureAwait(false);
        var outcome = _engine.Observe(state, ObservationOf(clip));
        await alerts.ApplyOutcomeAsync(outcome, version).ConfigureAwait(false);
        if (outcome.Clip is { Verdict: Verdict.Normal or Verdict.Anomalous } judged)
        {
            alerts.Judge(judged.Verdict, judged.Threshold);
        }

        if (_notifier is { } notifier && outcome.Notifications.Any())
        {
            alerts.AfterCommit(() => notifier.Publish(outcome));
        }

        return outcome.Clip?.AlertId;
    }

    /// <summary>What the engine observes of a stored clip.</summary>
    public static ClipObservation ObservationOf(ScoredClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new ClipObservation(clip.ClipId, clip.Verdict, clip.Score, clip.Threshold, clip.ModelId, clip.Kind,
            clip.Verdict == Verdict.InputUnfit ? clip.UnfitReason ?? "the clip is unfit for scoring" : null);
    }
}
