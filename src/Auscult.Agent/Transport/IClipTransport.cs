namespace Auscult.Agent.Transport;

/// <summary>Delivers spooled clips to a broker or the service.</summary>
public interface IClipTransport : IAsyncDisposable
{
    /// <summary>Whether a connection is up (always true for a connectionless transport).</summary>
    bool IsConnected { get; }

    /// <summary>Where clips go, for the log (no credentials).</summary>
    string Destination { get; }

    /// <summary>Connects; throws when the receiver cannot be reached or refuses the connection.</summary>
    /// <exception cref="TransportException">The connection failed; the message says why.</exception>
    Task ConnectAsync(AgentStatus onlineStatus, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one clip and waits for the receiver's acknowledgement. Network failures are returned as
    /// <see cref="DeliveryResult.RetryLater"/>, never thrown.
    /// </summary>
    Task<DeliveryOutcome> SendAsync(ClipMetadata clip, ReadOnlyMemory<byte> wav, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a clip's local score (<see cref="ClipMetadata.Score"/>) and waits for the acknowledgement; as
    /// <see cref="SendAsync"/>, failures are returned, never thrown. A transport with no place for scores refuses them
    /// (the default).
    /// </summary>
    Task<DeliveryOutcome> SendScoreAsync(ClipMetadata clip, Messaging.ScoreMessage score, CancellationToken cancellationToken) =>
        Task.FromResult(DeliveryOutcome.Reject($"{Destination} takes no scores: local scoring (--model) publishes them over MQTT (--broker)."));

    /// <summary>Publishes the device's status where the transport has a place for it (MQTT: retained); best effort.</summary>
    Task PublishStatusAsync(AgentStatus status, CancellationToken cancellationToken);

    /// <summary>Publishes a final status and closes the connection; best effort.</summary>
    Task DisconnectAsync(AgentStatus finalStatus, CancellationToken cancellationToken);
}
