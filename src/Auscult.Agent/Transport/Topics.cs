namespace Auscult.Agent.Transport;

/// <summary>The MQTT topics of the operational vocabulary (see OPERATIONS.md) and the rule for their levels.</summary>
public static class Topics
{
    /// <summary><c>auscult/v1/{site}/{machineId}/clip</c>: WAV bytes, QoS 1.</summary>
    public static string Clip(string site, string machineId) => $"auscult/v1/{site}/{machineId}/clip";

    /// <summary><c>auscult/v1/{site}/{machineId}/score</c>: a clip's score as JSON (<see cref="Operations.LocalScore"/> from an agent), QoS 1.</summary>
    public static string Score(string site, string machineId) => $"auscult/v1/{site}/{machineId}/score";

    /// <summary><c>auscult/v1/{site}/{deviceId}/status</c>: the device's retained status, last will <c>offline</c>.</summary>
    public static string Status(string site, string deviceId) => $"auscult/v1/{site}/{deviceId}/status";

    /// <summary>
    /// Checks that <paramref name="value"/> can be one topic level (and one URL path segment): letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>, 1 to 128 characters.
    /// </summary>
    /// <exception cref="ConfigurationException">It cannot.</exception>
    public static string CheckLevel(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ConfigurationException(
                $"{what} '{value}' cannot be a topic level: use 1 to 128 letters, digits, '-', '_' or '.' (e.g. fan-01).");
        }

        return value;
    }
}
