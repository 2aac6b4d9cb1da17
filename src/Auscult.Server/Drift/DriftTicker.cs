namespace Auscult.Server.Drift;

/// <summary>
/// Every <see cref="Interval"/> (on the service's clock) applies each machine's drift verdict to its drift alerts
/// (<see cref="DriftAlerts.ApplyAllAsync"/>). Several instances may tick together: each machine's alerts change under
/// its lock and an unchanged verdict changes nothing.
/// </summary>
/// <remarks>
/// A tick replays each machine's stored observations of the last two days (576 at one clip every 5 minutes, about
/// 1.7 MB read and a few ms of CPU a machine), so a verdict reaches the alerts within one interval of the clip that
/// settled it.
/// </remarks>
public sealed partial class DriftTicker : BackgroundService
{
    /// <summary>How often the tick runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    private readonly DriftAlerts _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<DriftTicker> _logger;

    public DriftTicker(DriftAlerts alerts, TimeProvider timeProvider, ILogger<DriftTicker> logger)
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
                    int changed = await _alerts.ApplyAllAsync(stoppingToken).ConfigureAwait(false);
                    if (changed > 0)
                    {
                        LogChanged(_logger, changed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed tick (database away, a bundle missing) is retried on the next one; scoring goes on.
                    LogFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift alerts changed on {Count} machine(s).")]
    private static partial void LogChanged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The drift tick failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
