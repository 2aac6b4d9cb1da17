namespace Auscult.Server.Alerting;

/// <summary>The default <see cref="IClipScoredHandler"/> until the rules engine is registered: no alert from any clip.</summary>
public sealed class NoAlertRules : IClipScoredHandler
{
    public Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
