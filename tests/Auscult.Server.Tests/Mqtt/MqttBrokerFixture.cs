using Auscult.Agent.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.Mqtt;

/// <summary>
/// A mosquitto 2 with passwords and the ACL a site would run: the service reads clips and device scores and writes
/// results; a device writes only its own machines' clips and scores and its status; a reader (a screen) reads all.
/// </summary>
internal static class MqttBrokerFixture
{
    public const string Site = "plant";
    public const string ServiceUser = "auscult";
    public const string ServicePassword = "service-secret";

    public static readonly string[] DeviceMachines = ["fan-00", "fan-01", "fan-02", "fan-03"];

    public static string Acl => $"""
        user {ServiceUser}
        topic read auscult/v1/+/+/clip
        topic read auscult/v1/+/+/local-score
        topic write auscult/v1/+/+/score
        topic write auscult/v1/+/+/state
        topic write auscult/v1/+/alerts

        user edge-01
        {string.Join("\n", DeviceMachines.Select(m => $"topic write auscult/v1/{Site}/{m}/clip\ntopic write auscult/v1/{Site}/{m}/local-score"))}
        topic readwrite auscult/v1/{Site}/edge-01/status

        user edge-02
        topic write auscult/v1/{Site}/fan-09/clip
        topic readwrite auscult/v1/{Site}/edge-02/status

        user reader
        topic read auscult/v1/#

        """;

    public static Task<Mosquitto> StartAsync(TempFolder temp) => Mosquitto.StartAsync(temp.Combine("broker"),
        [(ServiceUser, ServicePassword), ("edge-01", "device-secret"), ("edge-02", "device-2-secret"), ("reader", "reader-secret")], Acl);

    /// <summary>The service's settings for this broker, with quick reconnections.</summary>
    public static Dictionary<string, string> ServiceSettings(Mosquitto broker, string clientId = "auscult-test") => new()
    {
        ["Auscult:Mqtt:Broker"] = broker.Url,
        ["Auscult:Mqtt:Username"] = ServiceUser,
        ["Auscult:Mqtt:Password"] = ServicePassword,
        ["Auscult:Mqtt:ClientId"] = clientId,
        ["Auscult:Mqtt:ReconnectInitial"] = "00:00:00.100",
        ["Auscult:Mqtt:ReconnectMaximum"] = "00:00:00.500",
    };
}
