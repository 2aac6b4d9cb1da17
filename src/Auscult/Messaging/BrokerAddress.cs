namespace Auscult.Messaging;

/// <summary>An MQTT broker's address as <c>--broker</c> writes it: <c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>.</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The port: 1883 for <c>mqtt://</c>, 8883 for <c>mqtts://</c> when the URL names none.</param>
/// <param name="UseTls">Whether to connect with TLS (<c>mqtts://</c>).</param>
public sealed record BrokerAddress(string Host, int Port, bool UseTls)
{
    /// <summary>Reads <paramref name="url"/>.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="option">The option or setting it came from, for the message.</param>
    /// <exception cref="ConfigurationException">Not such a URL.</exception>
    public static BrokerAddress Parse(string url, string option = "--broker")
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("" or "/"))
        {
            throw new ConfigurationException($"{option} '{url}' is not a broker URL: write mqtt://HOST:PORT or mqtts://HOST:PORT.");
        }

        bool tls = uri.Scheme == "mqtts";
        return new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port, tls);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
