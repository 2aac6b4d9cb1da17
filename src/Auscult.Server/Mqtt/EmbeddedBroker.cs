using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Auscult.Server.Mqtt;

/// <summary>
/// <c>auscult serve --mqtt-listen PORT</c>: an MQTT 5 broker (MQTTnet's server) inside the service, for a site that
/// runs none, so agents can still speak MQTT. Single instance only: it keeps sessions in memory, so clips in flight
/// when the service stops stay in the agents' spools and are sent again after it starts. The service's own
/// <see cref="MqttClipConsumer"/> subscribes to it over loopback like to any broker.
/// </summary>
public sealed class EmbeddedBroker : IHostedService, IDisposable
{
    private readonly MqttOptions _options;
    private readonly ILogger _logger;
    private MqttServer? _server;

    public EmbeddedBroker(IOptions<MqttOptions> options, ILogger<EmbeddedBroker> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.ListenPort is not { } port)
        {
            return;
        }

        var address = IPAddress.TryParse(_options.ListenAddress, out var parsed) ? parsed
            : throw new ConfigurationException($"Auscult:Mqtt:ListenAddress '{_options.ListenAddress}' is not an IP address.");
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        try
        {
            await _server.StartAsync().ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ConfigurationException($"--mqtt-listen {port}: cannot listen on {address}:{port}: {e.Message}");
        }

        MqttLog.BrokerListening(_logger, address.ToString(), port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _server?.Dispose();
}
