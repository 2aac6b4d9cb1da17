namespace Auscult.Agent.Transport;

/// <summary>How the agent reaches an MQTT 5 broker.</summary>
public sealed record MqttTransportOptions
{
    /// <summary>The broker's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The broker's port.</summary>
    /// <value>1883 for <c>mqtt://</c>, 8883 for <c>mqtts://</c> when the URL names none.</value>
    public required int Port { get; init; }

    /// <summary>Whether to connect with TLS (<c>mqtts://</c>).</summary>
    public bool UseTls { get; init; }

    /// <summary>A PEM file with the certificate authority that signed the broker's certificate, when it is not in the system's store.</summary>
    public string? CaFile { get; init; }

    /// <summary>The user name, or null for none.</summary>
    public string? Username { get; init; }

    /// <summary>The password, or null for none.</summary>
    public string? Password { get; init; }

    /// <summary>The site, the second topic level: <c>auscult/v1/{site}/...</c>.</summary>
    /// <value>Default <c>default</c>.</value>
    public string Site { get; init; } = "default";

    /// <summary>How long to wait for a connection or an acknowledgement before giving up on the attempt.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The MQTT keep-alive period; a broker that hears nothing for 1.5 times it publishes the last will.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Parses <c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>.
    /// </summary>
    /// <exception cref="ConfigurationException">Not such a URL.</exception>
    public static MqttTransportOptions FromUrl(string url, string? username, string? password, string site, string? caFile = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("" or "/"))
        {
            throw new ConfigurationException($"--broker '{url}' is not a broker URL: write mqtt://HOST:PORT or mqtts://HOST:PORT.");
        }

        bool tls = uri.Scheme == "mqtts";
        if (caFile is not null && !tls)
        {
            throw new ConfigurationException("--ca-file applies to a TLS broker: write its URL as mqtts://HOST:PORT.");
        }

        if (caFile is not null && !File.Exists(caFile))
        {
            throw new InputException($"{caFile}: no such file (--ca-file).");
        }

        return new MqttTransportOptions
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port,
            UseTls = tls,
            CaFile = caFile,
            Username = username,
            Password = password,
            Site = site,
        };
    }
}
