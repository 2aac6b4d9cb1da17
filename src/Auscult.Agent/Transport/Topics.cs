namespace Auscult.Agent.Transport;

/// <summary>The agent's MQTT topics: the names are written once, in <see cref="Auscult.Messaging.MqttTopics"/> (shared with the service).</summary>
public static class Topics
{
    /// <summary><c>auscult/v1/{site}/{machineId}/clip</c>: WAV bytes, QoS 1.</summary>
    public static string Clip(string site, string machineId) => Auscult.Messaging.MqttTopics.Clip(site, machineId);

    /// <summary>
    /// <c>auscult/v1/{site}/{machineId}/local-score</c>: a clip's score from an agent that scores on the device, as JSON
    /// (<see cref="Operations.LocalScore"/>), QoS 1. Not <c>.../score</c>, which only the service writes (the service's
    /// MQTT ingestion, branch h-mqtt, reads agents' scores here, so a broker ACL can keep devices off the results topic).
    /// </summary>
    public static string LocalScore(string site, string machineId) => $"auscult/v1/{site}/{machineId}/local-score";

    /// <summary><c>auscult/v1/{site}/{deviceId}/status</c>: the device's retained status, last will <c>offline</c>.</summary>
    public static string Status(string site, string deviceId) => Auscult.Messaging.MqttTopics.Status(site, deviceId);

    /// <summary>
    /// Checks that <paramref name="value"/> can be one topic level (and one URL path segment): letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>, 1 to 128 characters.
    /// </summary>
    /// <exception cref="ConfigurationException">It cannot.</exception>
    public static string CheckLevel(string value, string what) => Auscult.Messaging.MqttTopics.CheckLevel(value, what);
}
