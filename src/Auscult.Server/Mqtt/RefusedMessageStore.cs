using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Mqtt;

/// <summary>The <c>refused_messages</c> table: MQTT messages acknowledged without being stored.</summary>
public sealed class RefusedMessageStore
{
    private readonly AuscultDatabase _database;

    public RefusedMessageStore(AuscultDatabase database) => _database = database;

    /// <summary>Records a refusal.</summary>
    public Task AddAsync(RefusedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _database.WithConnectionAsync(c => c.ExecuteAsync(
            """
            INSERT INTO refused_messages (id, received_at, topic, client_clip_id, device_id, size_bytes, reason)
            VALUES (@Id, @receivedAt, @Topic, @ClientClipId, @DeviceId, @SizeBytes, @Reason)
            """,
            new { message.Id, receivedAt = UnixTime.Of(message.ReceivedAt), message.Topic, message.ClientClipId, message.DeviceId, message.SizeBytes, message.Reason }),
            cancellationToken);
    }

    /// <summary>The newest refusals first.</summary>
    public Task<IReadOnlyList<RefusedMessage>> ListAsync(int limit = 500, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<RefusedMessage>>(async c =>
            [.. (await c.QueryAsync<Row>(
                "SELECT id, received_at, topic, client_clip_id, device_id, size_bytes, reason FROM refused_messages ORDER BY received_at DESC, id DESC LIMIT @limit",
                new { limit }).ConfigureAwait(false)).Select(r => r.ToRecord())],
            cancellationToken);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long ReceivedAt { get; set; }
        public string Topic { get; set; } = "";
        public string? ClientClipId { get; set; }
        public string? DeviceId { get; set; }
        public long SizeBytes { get; set; }
        public string Reason { get; set; } = "";

        public RefusedMessage ToRecord() => new(Id, UnixTime.From(ReceivedAt), Topic, ClientClipId, DeviceId, SizeBytes, Reason);
    }
}
