using Microsoft.Extensions.Options;

namespace Auscult.Server.Retention;

/// <summary>
/// Runs <see cref="AudioRetention"/> every <see cref="RetentionOptions.Interval"/> (the first run one interval after
/// start) on the injected clock; a failed run is logged and the next one tries again.
/// </summary>
public sealed partial class RetentionService : BackgroundService
{
    private readonly AudioRetention _retention;
    private readonly TimeProvider _timeProvider;
    private readonly RetentionOptions _options;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(AudioRetention retention, TimeProvider timeProvider, IOptions<RetentionOptions> options, ILogger<RetentionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _retention = retention;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var report = await _retention.RunAsync(stoppingToken).ConfigureAwait(false);
                    if (report.Deleted > 0 || report.Decided > 0 || report.ExpiredSamples > 0)
                    {
                        LogRun(_logger, report.Decided, report.Deleted, report.ExpiredSamples, report.FreedBytes);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailure(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention decided {Decided} clips, deleted the audio of {Deleted} and of {ExpiredSamples} expired normal samples ({FreedBytes} bytes)")]
    private static partial void LogRun(ILogger logger, int decided, int deleted, int expiredSamples, long freedBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention failed; it runs again at the next interval")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
