namespace Auscult.Agent.Transport;

/// <summary>The agent's MQTT topics: the names are written once, in <see cref="Auscult.Messaging.MqttTopics"/> (shared with the service).</summary>
public static class Topics
{
    /// <summary><c>auscult/v1/{site}/{machineId}/clip</c>: WAV bytes, QoS 1.</summary>
    public static string Clip(string site, string machineId) => Auscult.Messaging.MqttTopics.Clip(site, machineId);

    /// <summary><c>auscult/v1/{site}/{deviceId}/status</c>: the device's retained status, last will <c>offline</c>.</summary>
    public static string Status(string site, string deviceId) => Auscult.Messaging.MqttTopics.Status(site, deviceId);

    /// <summary>
    /// Checks that <paramref name="value"/> can be one topic level (and one URL path segment): letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>, 1 to 128 characters.
    /// </summary>
    /// <exception cref="ConfigurationException">It cannot.</exception>
    public static string CheckLevel(string value, string what) => Auscult.Messaging.MqttTopics.CheckLevel(value, what);
}
