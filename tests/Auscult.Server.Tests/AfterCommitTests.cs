using System.Collections.Concurrent;
using System.Net;
using Auscult.Server.Alerting;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>Work the alert rules defer to after the clip's commit (webhooks) runs after a commit and never after a rollback.</summary>
public sealed class AfterCommitTests : IDisposable
{
    private readonly RecordingRules _rules = new();
    private readonly AuscultApp _app;

    public AfterCommitTests() => _app = new(services => services.AddSingleton<IClipScoredHandler>(_rules));

    public void Dispose() => _app.Dispose();

    /// <summary>Defers a record of each clip; fails the transaction of a clip sent with the machine type "broken".</summary>
    private sealed class RecordingRules : IClipScoredHandler
    {
        public ConcurrentQueue<string> Committed { get; } = new();

        public Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken)
        {
            alerts.AfterCommit(() => Committed.Enqueue(clip.ClipId));
            return clip.MachineType == "broken" ? throw new InvalidOperationException("the rules failed") : Task.FromResult<string?>(null);
        }
    }

    [Fact]
    public async Task DeferredWork_RunsOncePerCommittedClip_AndNotForARolledBackOne()
    {
        using var admin = _app.Admin();
        using var ok = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), machineType: "fan");
        string clipId = (string)(await Json.ObjectAsync(ok))["clipId"]!;
        using var failed = await AuscultApp.PostClipAsync(admin, "pump-01", TestAudio.NormalWav(2), machineType: "broken");
        using var missing = await admin.GetAsync("/api/v1/machines/pump-01");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // nothing of the failed clip was stored
        Assert.Equal([clipId], _rules.Committed);
    }
}
