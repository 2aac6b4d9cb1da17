namespace Auscult.Server.Mqtt;

/// <summary>An MQTT message as the service's handler sees it (a copy: independent of the client's buffers).</summary>
/// <param name="Topic">Its topic.</param>
/// <param name="Payload">Its bytes.</param>
/// <param name="Properties">Its MQTT 5 user properties (the first value of each name).</param>
public sealed record IncomingMessage(string Topic, ReadOnlyMemory<byte> Payload, IReadOnlyDictionary<string, string> Properties);
