using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Auscult.Messaging;
using Auscult.Server.Alerts;
using Auscult.Server.Clips;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.Server.Mqtt;

/// <summary>
/// <c>auscult serve --broker</c>: an MQTT 5 client that joins the shared subscriptions
/// <c>$share/auscult/auscult/v1/+/+/clip</c> and <c>$share/auscult/auscult/v1/+/+/local-score</c> (several instances split
/// the stream) and stores each message through <see cref="MqttMessageHandler"/>, acknowledging it only after its clip
/// and score committed (manual acknowledgement). It also publishes the results (<see cref="MqttResultPublisher"/>) of
/// every clip this instance commits, whether it came over MQTT or HTTP (<see cref="CommittedClips"/>).
/// </summary>
/// <remarks>
/// <para>The session is persistent (a stable client id, clean start off, a long session expiry): clips published while
/// the service is down or restarting wait in the broker, and a message that was not acknowledged is redelivered on
/// reconnection; its clip id is stored once (the database's unique key).</para>
/// <para>Messages are spread over <see cref="MqttOptions.Workers"/> workers by machine, so one machine's clips are stored
/// in the order they arrived (the alert rules count consecutive clips) while different machines score in parallel.</para>
/// <para>A failure to store (the database unreachable, a full disk) is retried with back-off without acknowledging; a
/// message that can never be stored is refused: acknowledged, logged and recorded in <c>refused_messages</c>. The broker
/// being down never stops the HTTP API: this loop reconnects with back-off on its own.</para>
/// </remarks>
public sealed class MqttClipConsumer : BackgroundService
{
    private const int UnexpectedFailuresBeforePoison = 3;

    private readonly MqttOptions _options;
    private readonly TimeSpan _offlineAfter;
    private readonly MqttMessageHandler _handler;
    private readonly MqttResultPublisher _publisher;
    private readonly RefusedMessageStore _refused;
    private readonly CommittedClips _committed;
    private readonly EmbeddedBroker _embedded;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<Pending>[] _queues;
    private TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _generation;
    private CancellationToken _stopping;

    public MqttClipConsumer(IOptions<MqttOptions> options, AlertEngine engine, MqttMessageHandler handler, MqttResultPublisher publisher,
        RefusedMessageStore refused, CommittedClips committed, EmbeddedBroker embedded, TimeProvider timeProvider, ILogger<MqttClipConsumer> logger)
    {
        _embedded = embedded;
        _committed = committed;
        _options = options.Value;
        _offlineAfter = engine.Policy.OfflineAfter;
        _handler = handler;
        _publisher = publisher;
        _refused = refused;
        _timeProvider = timeProvider;
        _logger = logger;
        _queues = [.. Enumerable.Range(0, _options.Workers).Select(_ => Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(_options.ReceiveMaximum) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))];
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
        _client.DisconnectedAsync += e =>
        {
            _lost.TrySetResult(e.Reason.ToString());
            return Task.CompletedTask;
        };
    }

    /// <summary>The broker this instance subscribes to (the in-process one over loopback for <c>--mqtt-listen</c>); null when MQTT is off.</summary>
    public BrokerAddress? Address => _options.ListenPort is { } port ? new BrokerAddress("127.0.0.1", port, false)
        : string.IsNullOrWhiteSpace(_options.Broker) ? null : BrokerAddress.Parse(_options.Broker);

    private string Destination => Address?.ToString() ?? "(none)";

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// The topic filters this instance subscribes to: the shared subscriptions on a site's broker; the plain filters on
    /// the in-process broker, which is single-instance and whose MQTTnet server refuses <c>$share/</c> filters
    /// (SharedSubscriptionsNotSupported, dotnet/MQTTnet#1404).
    /// </summary>
    public IReadOnlyList<string> Filters => _options.ListenPort is not null
        ? [MqttTopics.AllClips, MqttTopics.AllLocalScores]
        : [MqttTopics.Shared(MqttTopics.AllClips), MqttTopics.Shared(MqttTopics.AllLocalScores)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Address is null)
        {
            return;
        }

        _stopping = stoppingToken;
        var results = _committed.Attach(_options.ResultQueue);
        var workers = _queues.Select(q => Task.Run(() => WorkAsync(q.Reader, stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => SweepStatesAsync(stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => PublishResultsAsync(results, stoppingToken), CancellationToken.None)).ToArray();
        int failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    _lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                    await ConnectAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    string reason = await _lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                    MqttLog.Disconnected(_logger, Destination, reason);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    var wait = Backoff(failures++);
                    MqttLog.ConnectFailed(_logger, Destination, Innermost(e).Message, wait);
                    await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is not acknowledged stays with the broker for the next start.
        }
        finally
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
            await DisconnectAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken).ConfigureAwait(false);
        }

        var address = Address!;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(address.Host, address.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(_options.EffectiveClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithTimeout(TimeSpan.FromSeconds(15))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        if (_options.ListenPort is not null)
        {
            var (user, password) = _embedded.ServiceCredentials;
            builder = builder.WithCredentials(user, password);
        }
        else if (_options.Username is not null)
        {
            builder = builder.WithCredentials(_options.Username, _options.Password ?? "");
        }

        if (address.UseTls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true);
                // The name the broker's certificate must carry.
                tls.WithTargetHost(address.Host);
                if (_options.CaFile is not null)
                {
                    var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_options.CaFile));
                    tls.WithCertificateValidationHandler(context => BrokerCertificates.IsTrusted(authority, context.Certificate, context.SslPolicyErrors));
                }
            });
        }

        // A new connection: acknowledgements of messages the previous one delivered are not sent on it (see
        // AcknowledgeAsync). Counted before connecting, because the broker resends what was in flight at once, before
        // ConnectAsync returns, and those messages belong to this connection.
        Interlocked.Increment(ref _generation);
        var options = builder.Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = MqttSocketBuffer.Bytes;
        var result = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode}{(result.ReasonString is { Length: > 0 } r ? $" ({r})" : "")}");
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in Filters)
        {
            subscribe = subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var subscribed = await _client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
        if (subscribed.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            throw new InvalidOperationException($"the broker refused the subscription {refused.TopicFilter.Topic}: {refused.ResultCode}");
        }

        MqttLog.Connected(_logger, Destination, _options.EffectiveClientId, string.Join(", ", Filters));
    }

    private async Task DisconnectAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already gone: the broker keeps the session either way.
        }
    }

    private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by a worker once the clip is committed (or refused), never by the library on return.
        e.AutoAcknowledge = false;
        var m = e.ApplicationMessage;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in m.UserProperties ?? [])
        {
            properties.TryAdd(p.Name, System.Text.Encoding.UTF8.GetString(p.ValueBuffer.Span));
        }

        var message = new IncomingMessage(m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload), properties);
        // One machine's messages always go to the same worker, in order.
        string machine = MqttTopics.TryParseMachineTopic(m.Topic, out _, out string machineId, out _) ? machineId : m.Topic;
        var queue = _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(machine) % (uint)_queues.Length)];
        try
        {
            await queue.Writer.WriteAsync(new Pending(e, message, Volatile.Read(ref _generation)), _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: not acknowledged, so the broker keeps it for the next start.
        }
    }

    private async Task WorkAsync(ChannelReader<Pending> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var outcome = await StoreAsync(pending.Message, stoppingToken).ConfigureAwait(false);
                if (outcome.Refusal is { } reason)
                {
                    MqttLog.Refused(_logger, pending.Message.Topic, outcome.ClientClipId, outcome.DeviceId, reason);
                    var refusal = new RefusedMessage(Guid.CreateVersion7(_timeProvider.GetUtcNow()).ToString(), _timeProvider.GetUtcNow(), pending.Message.Topic,
                        outcome.ClientClipId, outcome.DeviceId, pending.Message.Payload.Length, reason);
                    await RetryAsync(pending.Message.Topic, () => _refused.AddAsync(refusal, stoppingToken), stoppingToken).ConfigureAwait(false);
                }

                await AcknowledgeAsync(pending, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Not acknowledged: the broker redelivers on the next connection.
        }
    }

    private async Task<MessageOutcome> StoreAsync(IncomingMessage message, CancellationToken stoppingToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await _handler.HandleAsync(message, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var wait = Backoff(attempt);
                MqttLog.StoreFailed(_logger, message.Topic, e.Message, wait);
                await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt + 1 >= UnexpectedFailuresBeforePoison)
            {
                MqttLog.Poison(_logger, e, message.Topic, attempt + 1);
                return new MessageOutcome(null, null, $"storing it failed {attempt + 1} times: {e.GetType().Name}: {e.Message}", Get(ClipProperties.ClipId),
                    Get(ClipProperties.DeviceId));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var wait = Backoff(attempt);
                MqttLog.StoreFailed(_logger, message.Topic, e.Message, wait);
                await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }

        string? Get(string name) => message.Properties.TryGetValue(name, out string? value) ? value : null;
    }

    private async Task RetryAsync(string topic, Func<Task> work, CancellationToken stoppingToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await work().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var wait = Backoff(attempt);
                MqttLog.StoreFailed(_logger, topic, e.Message, wait);
                await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AcknowledgeAsync(Pending pending, CancellationToken stoppingToken)
    {
        // After a reconnection the broker redelivers what was in flight; the stale acknowledgement is not sent, the
        // redelivered copy is found stored and acknowledged.
        if (pending.Generation != Volatile.Read(ref _generation) || !_client.IsConnected)
        {
            return;
        }

        try
        {
            await pending.Received.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MqttLog.AcknowledgeFailed(_logger, pending.Message.Topic, e.Message);
        }
    }

    /// <summary>Publishes each committed clip's score, and its machine's state and alert when they changed, in commit order.</summary>
    private async Task PublishResultsAsync(ChannelReader<CommittedClip> results, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var clip in results.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_client.IsConnected)
                {
                    // Results are derived data (the lost connection is logged once): the next clip of the machine
                    // publishes its state again.
                    continue;
                }

                try
                {
                    foreach (var m in await _publisher.ResultsAsync(clip, stoppingToken).ConfigureAwait(false))
                    {
                        await _client.PublishAsync(m, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    MqttLog.PublishFailed(_logger, clip.Result.ClipId, Innermost(e).Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Publishes state changes no clip triggers (a machine gone silent turns offline), a few times per offline period.</summary>
    private async Task SweepStatesAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromTicks(Math.Clamp(_offlineAfter.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        try
        {
            while (true)
            {
                await Task.Delay(every, _timeProvider, stoppingToken).ConfigureAwait(false);
                if (!_client.IsConnected)
                {
                    continue;
                }

                try
                {
                    foreach (var m in await _publisher.ChangedStatesAsync(stoppingToken).ConfigureAwait(false))
                    {
                        await _client.PublishAsync(m, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    MqttLog.PublishFailed(_logger, "(state sweep)", Innermost(e).Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        double cap = Math.Min(_options.ReconnectMaximum.TotalMilliseconds, _options.ReconnectInitial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        // Equal jitter: many instances that lost the same broker do not all return at the same instant.
        return TimeSpan.FromMilliseconds(cap / 2 + Random.Shared.NextDouble() * cap / 2);
    }

    private static bool IsTransient(Exception e) => e is DbException or IOException or TimeoutException or System.Net.Sockets.SocketException
        || e.InnerException is { } inner && IsTransient(inner);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private sealed record Pending(MqttApplicationMessageReceivedEventArgs Received, IncomingMessage Message, int Generation);
}
