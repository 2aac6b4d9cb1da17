using System.Net;
using System.Security.Cryptography;
using System.Text;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Auscult.Server.Mqtt;

/// <summary>
/// <c>auscult serve --mqtt-listen PORT</c>: an MQTT 5 broker (MQTTnet's server) inside the service, for a site that
/// runs none, so agents can still speak MQTT. Single instance only: it keeps sessions in memory, so clips in flight
/// when the service stops stay in the agents' spools and are sent again after it starts. The service's own
/// <see cref="MqttClipConsumer"/> subscribes to it over loopback like to any broker.
/// </summary>
/// <remarks>
/// Clients sign in with an API key as the password (any user name): a device key publishes its machines' clips, an
/// operator key reads results, an admin key does both (<see cref="BrokerAccess"/>); the key is checked again on every
/// publish (through the key cache), so a revoked key stops within seconds. The service's own client signs in with a
/// secret made at each start (<see cref="ServiceCredentials"/>).
/// </remarks>
public sealed class EmbeddedBroker : IHostedService, IDisposable
{
    private const string ServiceUser = "auscult-service";
    private const string KeyItem = "auscult.key";

    private readonly MqttOptions _options;
    private readonly KeyStore _keys;
    private readonly ILogger _logger;
    private readonly string _servicePassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private MqttServer? _server;

    public EmbeddedBroker(IOptions<MqttOptions> options, KeyStore keys, ILogger<EmbeddedBroker> logger)
    {
        _options = options.Value;
        _keys = keys;
        _logger = logger;
    }

    /// <summary>The user name and password the service's own client signs in with.</summary>
    public (string User, string Password) ServiceCredentials => (ServiceUser, _servicePassword);

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
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += AuthorizePublishAsync;
        _server.InterceptingSubscriptionAsync += AuthorizeSubscriptionAsync;
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

    private async Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (e.UserName == ServiceUser)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(e.Password ?? ""), Encoding.UTF8.GetBytes(_servicePassword)))
            {
                Refuse(e, "wrong password for the service's own user", _logger);
            }

            return;
        }

        if (await _keys.VerifyAsync(e.Password ?? "", e.CancellationToken).ConfigureAwait(false) is not { } key)
        {
            Refuse(e, "the password must be a valid Auscult API key (auscult keys create)", _logger);
            return;
        }

        e.SessionItems[KeyItem] = e.Password!;
        MqttLog.BrokerClientSignedIn(_logger, e.ClientId, key.Id, WireNames.Of(key.Role));
    }

    private async Task AuthorizePublishAsync(InterceptingPublishEventArgs e)
    {
        var (signedIn, key) = await CallerAsync(e.SessionItems, e.CancellationToken).ConfigureAwait(false);
        if (!signedIn || !BrokerAccess.MayPublish(key, e.ClientId, e.ApplicationMessage.Topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = signedIn ? $"this key may not publish on {e.ApplicationMessage.Topic}" : "the key was revoked";
        }
    }

    private async Task AuthorizeSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var (signedIn, key) = await CallerAsync(e.SessionItems, e.CancellationToken).ConfigureAwait(false);
        if (!signedIn || !BrokerAccess.MaySubscribe(key, e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ReasonString = signedIn ? $"this key may not subscribe to {e.TopicFilter.Topic}" : "the key was revoked";
        }
    }

    /// <summary>The caller of a session: (true, null) for the service itself, (true, key) for a valid key, (false, null) for a revoked one.</summary>
    private async Task<(bool SignedIn, ApiKeyInfo? Key)> CallerAsync(System.Collections.IDictionary items, CancellationToken cancellationToken)
    {
        if (items[KeyItem] is not string secret)
        {
            // Only the service's own client connects without a key (ValidateConnectionAsync refuses everyone else).
            return (true, null);
        }

        return await _keys.VerifyAsync(secret, cancellationToken).ConfigureAwait(false) is { } key ? (true, key) : (false, null);
    }

    private static void Refuse(ValidatingConnectionEventArgs e, string reason, ILogger logger)
    {
        MqttLog.BrokerClientRefused(logger, e.ClientId, reason);
        e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        e.ReasonString = reason;
    }
}
