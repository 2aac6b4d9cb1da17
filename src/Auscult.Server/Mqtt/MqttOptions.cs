namespace Auscult.Server.Mqtt;

/// <summary>
/// The service's MQTT settings: configuration section <c>Auscult:Mqtt</c> (<c>auscult serve --broker ... --mqtt-listen ...</c>).
/// With neither <see cref="Broker"/> nor <see cref="ListenPort"/> the service speaks HTTP only.
/// </summary>
public sealed class MqttOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = ServerOptions.Section + ":Mqtt";

    /// <summary>The broker to subscribe to: <c>mqtt://host:port</c> or <c>mqtts://host:port</c>; null for none.</summary>
    public string? Broker { get; set; }

    /// <summary>The broker user, or null.</summary>
    public string? Username { get; set; }

    /// <summary>The broker password, or null (<c>AUSCULT_MQTT_PASSWORD</c> for <c>auscult serve</c>).</summary>
    public string? Password { get; set; }

    /// <summary>A PEM certificate authority for an <c>mqtts://</c> broker whose certificate the system store does not trust.</summary>
    public string? CaFile { get; set; }

    /// <summary>Hosts an MQTT broker in the service on this port (single instance only), and subscribes to it; null for none.</summary>
    public int? ListenPort { get; set; }

    /// <summary>The address the in-process broker binds.</summary>
    /// <value>Default <c>0.0.0.0</c> (every interface).</value>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// This instance's MQTT client id. It must be stable across restarts (the broker keeps the session and the clips
    /// that arrive while the service is down under it) and different for every instance.
    /// </summary>
    /// <value>Default <c>auscult-{host name}</c>.</value>
    public string? ClientId { get; set; }

    /// <summary>How long the broker keeps this instance's session (and queues its clips) while it is disconnected.</summary>
    /// <value>Default 7 days; 1 minute to 136 years (MQTT's limit).</value>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Clips stored and scored at once (each on its own thread).</summary>
    /// <value>Default the processor count; 1 to 64.</value>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Results (score, state, alert) waiting to be published; when the broker is slower than the clips the oldest are
    /// dropped (results are derived data; the clips are stored).
    /// </summary>
    /// <value>Default 4096; 16 to 1,000,000.</value>
    public int ResultQueue { get; set; } = 4096;

    /// <summary>
    /// The site in the result topics of clips that came over HTTP from a machine registered without one (a clip that
    /// came over MQTT keeps its topic's site).
    /// </summary>
    /// <value>Default <c>default</c>.</value>
    public string DefaultSite { get; set; } = "default";

    /// <summary>Messages the broker may send before this instance acknowledges them (MQTT 5 receive maximum).</summary>
    /// <value>Default 64; 1 to 65535.</value>
    public int ReceiveMaximum { get; set; } = 64;

    /// <summary>The first reconnection wait (then doubled with jitter up to <see cref="ReconnectMaximum"/>).</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan ReconnectInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnection wait.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan ReconnectMaximum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether either <see cref="Broker"/> or <see cref="ListenPort"/> is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Broker) || ListenPort is not null;

    /// <summary>The client id in effect.</summary>
    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? $"auscult-{Environment.MachineName}" : ClientId;
}
