namespace Auscult.Server.Alerting;

/// <summary>
/// The seam where alert rules plug in: called for every stored clip inside the clip's own transaction, after its score
/// row is written and before the commit, with the machine's row locked (one clip of a machine is judged at a time,
/// across instances). Whatever the handler writes through its <see cref="AlertSession"/> commits with the clip or not
/// at all, so a crash never leaves a clip without its alert effects or an alert without its clip.
/// </summary>
/// <remarks>
/// The default is <see cref="EngineAlertRules"/> (the rules of <see cref="Alerts.AlertEngine"/>: k of n, hysteresis, one
/// open alert per machine and kind); <see cref="NoAlertRules"/> raises nothing. Register another in the service
/// collection to replace the default. Notifications (webhooks) are sent after the commit, never from inside the transaction.
/// </remarks>
public interface IClipScoredHandler
{
    /// <summary>Applies the rules to a new score; returns the id of the alert the clip opened or updated, or null.</summary>
    Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken);
}
