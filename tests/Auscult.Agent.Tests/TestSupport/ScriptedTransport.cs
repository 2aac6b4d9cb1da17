using System.Collections.Concurrent;
using Auscult.Agent.Transport;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>A transport that answers from a script: one outcome per attempt, then acknowledges (scores likewise, from their own script).</summary>
internal sealed class ScriptedTransport(params DeliveryOutcome[] script) : IClipTransport
{
    private readonly ConcurrentQueue<DeliveryOutcome> _script = new(script);

    public ConcurrentQueue<(ClipMetadata Clip, int Spooled)> Attempts { get; } = new();

    public Func<ClipMetadata, int>? SpoolDepth { get; set; }

    public bool IsConnected => true;

    public string Destination => "scripted";

    /// <summary>Connection attempts that fail (a broker not up yet) before one succeeds.</summary>
    public int FailingConnects { get; set; }

    public int ConnectAttempts { get; private set; }

    public Task ConnectAsync(AgentStatus onlineStatus, CancellationToken cancellationToken) =>
        ++ConnectAttempts <= FailingConnects ? Task.FromException(new TransportException("cannot connect to scripted: Connection refused")) : Task.CompletedTask;

    public Task<DeliveryOutcome> SendAsync(ClipMetadata clip, ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        Attempts.Enqueue((clip, SpoolDepth?.Invoke(clip) ?? -1));
        return Task.FromResult(_script.TryDequeue(out var next) ? next : DeliveryOutcome.Acknowledged);
    }

    /// <summary>Outcomes of score sends, one per attempt, then acknowledged.</summary>
    public ConcurrentQueue<DeliveryOutcome> ScoreScript { get; } = new();

    public ConcurrentQueue<(ClipMetadata Clip, Messaging.ScoreMessage Score)> ScoreAttempts { get; } = new();

    public Task<DeliveryOutcome> SendScoreAsync(ClipMetadata clip, Messaging.ScoreMessage score, CancellationToken cancellationToken)
    {
        ScoreAttempts.Enqueue((clip, score));
        return Task.FromResult(ScoreScript.TryDequeue(out var next) ? next : DeliveryOutcome.Acknowledged);
    }

    public Task PublishStatusAsync(AgentStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectAsync(AgentStatus finalStatus, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
