namespace Auscult.Messaging;

/// <summary>The MQTT 5 user properties that travel with a clip's WAV bytes on <see cref="MqttTopics.Clip"/>.</summary>
public static class ClipProperties
{
    /// <summary>The sender's id of the clip (a UUIDv7 from the agent); the service stores a clip id once per machine.</summary>
    public const string ClipId = "clipId";

    /// <summary>When the recording started, ISO 8601 UTC.</summary>
    public const string RecordedAt = "recordedAt";

    /// <summary>The agent (edge device) that recorded it.</summary>
    public const string DeviceId = "deviceId";

    /// <summary>The machine's type (registers an unknown machine).</summary>
    public const string MachineType = "machineType";

    /// <summary>The SHA-256 of the WAV bytes, lower-case hex; the service refuses a clip whose bytes do not match.</summary>
    public const string Sha256 = "sha256";
}
