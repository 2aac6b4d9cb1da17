using Auscult.Messaging;
using Auscult.Server.Auth;

namespace Auscult.Server.Mqtt;

/// <summary>
/// Who may do what on the in-process broker (<c>--mqtt-listen</c>), the same rules the shipped mosquitto ACL writes:
/// the service itself and admin keys everything; a device key publishes its own machines' <c>clip</c> and
/// <c>local-score</c> and its own <c>status</c> (the topic level is its MQTT client id), and subscribes to nothing; an
/// operator key (a screen) subscribes to anything and publishes nothing.
/// </summary>
public static class BrokerAccess
{
    /// <summary>Whether <paramref name="key"/> (null: the service itself) may publish on <paramref name="topic"/> as client <paramref name="clientId"/>.</summary>
    public static bool MayPublish(ApiKeyInfo? key, string clientId, string topic)
    {
        if (key is null || key.Role == ApiRole.Admin)
        {
            return true;
        }

        if (key.Role != ApiRole.Device || !MqttTopics.TryParseMachineTopic(topic, out _, out string id, out string level))
        {
            return false;
        }

        return level switch
        {
            MqttTopics.ClipLevel or MqttTopics.LocalScoreLevel => key.MayPostFor(id),
            MqttTopics.StatusLevel => string.Equals(id, clientId, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="key"/> (null: the service itself) may subscribe to <paramref name="filter"/>.</summary>
    public static bool MaySubscribe(ApiKeyInfo? key, string filter) =>
        key is null || key.Role is ApiRole.Admin or ApiRole.Operator;
}
