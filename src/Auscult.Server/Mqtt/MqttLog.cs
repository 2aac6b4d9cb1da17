namespace Auscult.Server.Mqtt;

/// <summary>The MQTT side's log messages (source-generated).</summary>
internal static partial class MqttLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: connected to {Broker} as {ClientId}; subscribed to {Filters}.")]
    public static partial void Connected(ILogger logger, string broker, string clientId, string filters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: cannot reach {Broker} ({Error}); retrying in {Wait}. HTTP keeps answering.")]
    public static partial void ConnectFailed(ILogger logger, string broker, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: lost the connection to {Broker} ({Reason}); reconnecting.")]
    public static partial void Disconnected(ILogger logger, string broker, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: refused a message on {Topic} (clip {ClipId}, device {DeviceId}): {Reason}. Acknowledged and recorded in refused_messages.")]
    public static partial void Refused(ILogger logger, string topic, string? clipId, string? deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: storing the message on {Topic} failed ({Error}); retrying in {Wait} without acknowledging it.")]
    public static partial void StoreFailed(ILogger logger, string topic, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: a message on {Topic} failed {Attempts} times with an unexpected error; refused as poison.")]
    public static partial void Poison(ILogger logger, Exception exception, string topic, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT: could not acknowledge a message on {Topic} ({Error}); the broker redelivers it and its clip id is stored once.")]
    public static partial void AcknowledgeFailed(ILogger logger, string topic, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT: could not publish the results of clip {ClipId} ({Error}).")]
    public static partial void PublishFailed(ILogger logger, string clipId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: the in-process broker listens on {Address}:{Port} (single instance).")]
    public static partial void BrokerListening(ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: {ClientId} signed in to the in-process broker with key {KeyId} ({Role}).")]
    public static partial void BrokerClientSignedIn(ILogger logger, string clientId, string keyId, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: the in-process broker refused {ClientId}: {Reason}.")]
    public static partial void BrokerClientRefused(ILogger logger, string clientId, string reason);
}
