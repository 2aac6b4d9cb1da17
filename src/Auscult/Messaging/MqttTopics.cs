namespace Auscult.Messaging;

/// <summary>
/// The MQTT topics of the operational vocabulary (OPERATIONS.md), written once for the agent, the service and the tests:
/// <c>auscult/v1/{site}/{machineId}/clip|local-score|score|state</c>, <c>auscult/v1/{site}/{deviceId}/status</c> and
/// <c>auscult/v1/{site}/alerts</c>.
/// </summary>
/// <remarks>
/// Who writes what: an agent writes <c>clip</c>, <c>local-score</c> (when it scores on the device) and its <c>status</c>;
/// only the service writes <c>score</c>, <c>state</c> and <c>alerts</c>, the topics screens and SCADA read. Agents'
/// scores have their own topic rather than sharing <c>score</c> because (1) a broker ACL can then let a device write its
/// machines' <c>clip</c> and <c>local-score</c> but never the results screens trust; (2) a screen sees one result per
/// clip, the service's decision with its alert, not the device's raw score beside it; (3) a service subscribed to
/// <c>score</c> would receive its own and its peers' results (MQTT 5's No Local does not apply to shared subscriptions).
/// </remarks>
public static class MqttTopics
{
    /// <summary>The first two levels of every topic.</summary>
    public const string Prefix = "auscult/v1";

    /// <summary>The shared-subscription group the scoring instances join, so that they split the stream.</summary>
    public const string ShareGroup = "auscult";

    /// <summary>Every machine's clips, any site: <c>auscult/v1/+/+/clip</c>.</summary>
    public const string AllClips = Prefix + "/+/+/" + ClipLevel;

    /// <summary>Every machine's device-side scores, any site: <c>auscult/v1/+/+/local-score</c>.</summary>
    public const string AllLocalScores = Prefix + "/+/+/" + LocalScoreLevel;

    /// <summary>The last level of a clip topic.</summary>
    public const string ClipLevel = "clip";

    /// <summary>The last level of a device-side score topic.</summary>
    public const string LocalScoreLevel = "local-score";

    /// <summary>The last level of the service's score topic.</summary>
    public const string ScoreLevel = "score";

    /// <summary>The last level of a machine's retained state topic.</summary>
    public const string StateLevel = "state";

    /// <summary>The last level of a device's retained status topic.</summary>
    public const string StatusLevel = "status";

    /// <summary>The last level of a site's alert topic.</summary>
    public const string AlertsLevel = "alerts";

    /// <summary><c>auscult/v1/{site}/{machineId}/clip</c>: WAV bytes, QoS 1, with the <see cref="ClipProperties"/>.</summary>
    public static string Clip(string site, string machineId) => $"{Prefix}/{site}/{machineId}/{ClipLevel}";

    /// <summary><c>auscult/v1/{site}/{machineId}/local-score</c>: a <see cref="ScoreMessage"/> from an agent that scores on the device.</summary>
    public static string LocalScore(string site, string machineId) => $"{Prefix}/{site}/{machineId}/{LocalScoreLevel}";

    /// <summary><c>auscult/v1/{site}/{machineId}/score</c>: the service's <see cref="ScoreMessage"/> after each stored clip.</summary>
    public static string Score(string site, string machineId) => $"{Prefix}/{site}/{machineId}/{ScoreLevel}";

    /// <summary><c>auscult/v1/{site}/{machineId}/state</c>: the machine's state word, retained.</summary>
    public static string State(string site, string machineId) => $"{Prefix}/{site}/{machineId}/{StateLevel}";

    /// <summary><c>auscult/v1/{site}/{deviceId}/status</c>: the device's retained status, last will <c>offline</c>.</summary>
    public static string Status(string site, string deviceId) => $"{Prefix}/{site}/{deviceId}/{StatusLevel}";

    /// <summary><c>auscult/v1/{site}/alerts</c>: alert events of the site's machines.</summary>
    public static string Alerts(string site) => $"{Prefix}/{site}/{AlertsLevel}";

    /// <summary>A shared subscription of <see cref="ShareGroup"/> to <paramref name="filter"/>: <c>$share/auscult/{filter}</c>.</summary>
    public static string Shared(string filter) => $"$share/{ShareGroup}/{filter}";

    /// <summary>
    /// Reads <c>auscult/v1/{site}/{machineId}/{level}</c>; false for any other shape or a level that
    /// <see cref="IsLevel"/> refuses.
    /// </summary>
    public static bool TryParseMachineTopic(string topic, out string site, out string machineId, out string level)
    {
        site = machineId = level = "";
        if (topic is null || !topic.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = topic[(Prefix.Length + 1)..].Split('/');
        if (parts.Length != 3 || !parts.All(IsLevel))
        {
            return false;
        }

        (site, machineId, level) = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>Whether <paramref name="value"/> can be one topic level (and one URL path segment): 1 to 128 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    public static bool IsLevel(string value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Checks that <paramref name="value"/> can be one topic level (see <see cref="IsLevel"/>).</summary>
    /// <exception cref="ConfigurationException">It cannot.</exception>
    public static string CheckLevel(string value, string what) =>
        IsLevel(value) ? value
            : throw new ConfigurationException($"{what} '{value}' cannot be a topic level: use 1 to 128 letters, digits, '-', '_' or '.' (e.g. fan-01).");
}
