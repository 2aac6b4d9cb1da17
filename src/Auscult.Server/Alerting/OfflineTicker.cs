namespace Auscult.Server.Alerting;

/// <summary>
/// Ticks the alert engine once a minute (on the service's clock): a machine with no clip for
/// <c>Auscult:Alerts:OfflineAfter</c> becomes <c>offline</c> in its stored state (see
/// <see cref="MachineAlertService.TickAsync"/>). Several instances may tick together: each machine changes under its
/// lock, and a machine already offline is left alone.
/// </summary>
public sealed partial class OfflineTicker : BackgroundService
{
    /// <summary>How often the tick runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly MachineAlertService _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<OfflineTicker> _logger;

    public OfflineTicker(MachineAlertService alerts, TimeProvider timeProvider, ILogger<OfflineTicker> logger)
    {
        _alerts = alerts;
        _time = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    int changed = await _alerts.TickAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    if (changed > 0)
                    {
                        LogOffline(_logger, changed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed tick (database away) is retried on the next one; the service goes on scoring.
                    LogFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} machine(s) went offline (no clip for the offline period).")]
    private static partial void LogOffline(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The offline tick failed; it runs again in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
