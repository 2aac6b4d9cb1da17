namespace Auscult.Server.Mqtt;

/// <summary>An MQTT message the service acknowledged without storing it, and why (table <c>refused_messages</c>).</summary>
/// <param name="Id">A UUIDv7.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Topic">Its topic.</param>
/// <param name="ClientClipId">The sender's clip id, when it carried one.</param>
/// <param name="DeviceId">The sender's device id, when it carried one.</param>
/// <param name="SizeBytes">The payload's size.</param>
/// <param name="Reason">Why it was refused, in words.</param>
public sealed record RefusedMessage(string Id, DateTimeOffset ReceivedAt, string Topic, string? ClientClipId, string? DeviceId, long SizeBytes, string Reason);
