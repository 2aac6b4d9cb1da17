using System.Threading.Channels;
using Auscult.Server.Storage;
using Dapper;
using Npgsql;

namespace Auscult.Server.Dashboard;

/// <summary>
/// Carries machine changes between instances that share one PostgreSQL database, so a dashboard updates within moments
/// of a clip scored by any instance: each change this process publishes is sent with <c>NOTIFY</c> on
/// <see cref="ChannelName"/>, and a connection held open with <c>LISTEN</c> delivers the other instances' changes to this
/// process's <see cref="MachineEvents"/>. Does nothing on SQLite (one instance). A lost connection is opened again
/// after a growing pause; changes missed meanwhile reach the dashboards by their periodic refresh.
/// </summary>
/// <remarks>
/// LISTEN/NOTIFY rather than polling a change counter: a notification arrives in milliseconds and costs nothing while
/// no clip comes, and the database already is the one thing every instance shares. The notification is sent after the
/// clip's transaction committed (as the in-process event is), so a listener that reads the clip finds it. Changes are
/// sent by a background loop, never on the clip's path; a burst is coalesced to one notification per machine.
/// </remarks>
public sealed partial class MachineChangeRelay : BackgroundService
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string ChannelName = "auscult_machine_changes";

    /// <summary>How long the listening connection may be silent before it is checked with a query.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private readonly AuscultDatabase _database;
    private readonly MachineEvents _events;
    private readonly TimeProvider _time;
    private readonly ILogger<MachineChangeRelay> _logger;
    private readonly Channel<MachineChange> _outgoing =
        Channel.CreateBounded<MachineChange>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MachineChangeRelay(AuscultDatabase database, MachineEvents events, TimeProvider timeProvider, ILogger<MachineChangeRelay> logger)
    {
        _database = database;
        _events = events;
        _time = timeProvider;
        _logger = logger;
        if (database.Dialect is PostgresDialect)
        {
            events.Local += change => _outgoing.Writer.TryWrite(change);
        }
        else
        {
            _listening.SetResult();
        }
    }

    /// <summary>Completes once this instance listens for the others' changes (at once on SQLite, where there are no others).</summary>
    public Task Listening => _listening.Task;

    /// <summary>This process's id in the notifications it sends (its own come back to it and are skipped).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _database.Dialect is PostgresDialect postgres
            ? Task.WhenAll(SendAsync(stoppingToken), ListenAsync(postgres.DataSource, stoppingToken))
            : Task.CompletedTask;

    /// <summary>The notification's text: instance, machine and clip (empty when none), one per line.</summary>
    internal static string Payload(string instanceId, MachineChange change) => $"{instanceId}\n{change.MachineId}\n{change.ClipId}";

    /// <summary>The change in a notification's text from another instance; null for this instance's own or a malformed one.</summary>
    internal static MachineChange? Parse(string payload, string ownInstanceId)
    {
        string[] parts = payload.Split('\n');
        return parts.Length == 3 && parts[0] != ownInstanceId && parts[1].Length > 0
            ? new MachineChange(parts[1], parts[2].Length == 0 ? null : parts[2])
            : null;
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<string, MachineChange>(StringComparer.Ordinal);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (_outgoing.Reader.TryRead(out var change))
                {
                    batch[change.MachineId] = change;
                }

                try
                {
                    await using var connection = await _database.OpenAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var change in batch.Values)
                    {
                        await connection.ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel = ChannelName, payload = Payload(InstanceId, change) })
                            .ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // The other dashboards pick these machines up on their periodic refresh.
                    LogSendFailed(_logger, batch.Count, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await connection.ExecuteAsync($"LISTEN {ChannelName}").ConfigureAwait(false);
                _listening.TrySetResult();
                pause = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken).ConfigureAwait(false))
                    {
                        await connection.ExecuteScalarAsync<int>("SELECT 1").ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                LogListenFailed(_logger, pause.TotalSeconds, e);
                try
                {
                    await Task.Delay(pause, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == ChannelName && Parse(e.Payload, InstanceId) is { } change)
        {
            _events.Deliver(change);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances about {Count} machine change(s); their dashboards catch up on their next refresh.")]
    private static partial void LogSendFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for the other instances' machine changes failed; trying again in {Seconds} s.")]
    private static partial void LogListenFailed(ILogger logger, double seconds, Exception exception);
}
