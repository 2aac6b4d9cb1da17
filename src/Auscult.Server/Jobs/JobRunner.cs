using System.Collections.Concurrent;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Jobs;

/// <summary>
/// Runs queued training jobs, one at a time on this instance. It wakes when a job is queued here, and every
/// <see cref="JobOptions.PollInterval"/> to look for jobs queued on other instances and to mark failed the running jobs
/// whose lease expired (<see cref="JobStore.ExpireAsync"/>). While a job trains it renews its lease and writes progress
/// (at each step, at each further hundredth of a step, and every quarter lease), and stops when a cancel is asked here or,
/// seen at the next heartbeat, on another instance.
/// </summary>
public sealed partial class JobRunner : BackgroundService
{
    private readonly JobStore _jobs;
    private readonly TrainingData _data;
    private readonly ModelStore _models;
    private readonly ModelRegistry _registry;
    private readonly FileStore _files;
    private readonly JobEvents _events;
    private readonly JobOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobRunner> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public JobRunner(JobStore jobs, TrainingData data, ModelStore models, ModelRegistry registry, FileStore files, JobEvents events,
        IOptions<JobOptions> options, TimeProvider clock, ILogger<JobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _jobs = jobs;
        _data = data;
        _models = models;
        _registry = registry;
        _files = files;
        _events = events;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>This instance's name in the jobs' <c>holder</c> column: host, process and a random part.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The uploader a job's model is registered under.</summary>
    public static string UploaderOf(string jobId) => $"job:{jobId}";

    /// <summary>Looks for queued jobs now (a job was just queued).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Stops job <paramref name="jobId"/> at once if this instance runs it; false otherwise.</summary>
    public bool CancelLocal(string jobId)
    {
        if (_running.TryGetValue(jobId, out var cts))
        {
            cts.Cancel();
            return true;
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _jobs.ExpireAsync(_clock.GetUtcNow(), stoppingToken).ConfigureAwait(false) is > 0 and var expired)
                {
                    LogExpired(_logger, expired);
                }

                while (!stoppingToken.IsCancellationRequested
                    && await _jobs.TryClaimAsync(InstanceId, _clock.GetUtcNow(), _options.LeaseDuration, stoppingToken).ConfigureAwait(false) is { } job)
                {
                    await RunAsync(job, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailure(_logger, e);
            }

            using var poll = new CancellationTokenSource(_options.PollInterval, _clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
            try
            {
                await _wake.WaitAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(JobRecord job, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[job.Id] = cts;
        var progress = new JobProgressReporter();
        string work = _files.NewTempPath();
        bool lost = false;
        (JobState State, string? Error, string? ModelId, JobEvaluation? Evaluation) outcome;
        LogStarted(_logger, job.Id, WireNames.Of(job.Kind), job.MachineType);
        _events.Raise(job.Id);
        try
        {
            progress.Report(new WorkflowProgress("collecting clips", 0, 1));
            lost = !await HeartbeatAsync(job, progress, cts).ConfigureAwait(false);
            var active = await _models.ActiveForTypeAsync(job.MachineType, cts.Token).ConfigureAwait(false);
            string dataFolder = Path.Combine(work, "data");
            await _data.WriteAsync(job.MachineType, dataFolder, _options.MaxNormalClips, cts.Token).ConfigureAwait(false);
            progress.Report(new WorkflowProgress("collecting clips", 1, 1));

            string bundle = Path.Combine(work, "model.auscult");
            string report = _files.FullPath(ReportFolderOf(job.Id));
            var activeBundle = active is null ? ((string, string)?)null : (active.Id, _files.FullPath(active.FilePath));
            var now = _clock.GetUtcNow();
            var training = Task.Run(() => JobTraining.Run(job.Kind, job.MachineType, dataFolder, activeBundle, _options, bundle, report, now, progress, cts.Token),
                CancellationToken.None);

            // The heartbeat: progress and lease while the training runs, and a cancel asked on another instance.
            TimeSpan beat = _options.LeaseDuration / 4;
            while (!training.IsCompleted)
            {
                using var tick = new CancellationTokenSource(beat, _clock);
                await Task.WhenAny(training, progress.WaitAsync(tick.Token)).ConfigureAwait(false);
                lost |= !await HeartbeatAsync(job, progress, cts).ConfigureAwait(false);
            }

            JobEvaluation evaluation = await training.ConfigureAwait(false);
            cts.Token.ThrowIfCancellationRequested();
            ModelRecord model;
            await using (var stream = File.OpenRead(bundle))
            {
                (model, _) = await _registry.UploadAsync(stream, long.MaxValue, UploaderOf(job.Id), CancellationToken.None).ConfigureAwait(false);
            }

            outcome = (JobState.Succeeded, null, model.Id, evaluation);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            outcome = (JobState.Cancelled, "Cancelled on request.", null, null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome = (JobState.Failed, "The service stopped while this job ran; start it again.", null, null);
        }
        catch (Exception e) when (e is AuscultException or ProblemException)
        {
            outcome = (JobState.Failed, e.Message, null, null);
        }
        catch (Exception e)
        {
            LogFailed(_logger, job.Id, e);
            outcome = (JobState.Failed, $"The training failed unexpectedly ({e.GetType().Name}: {e.Message}); the service log has the details.", null, null);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            DeleteWork(work);
        }

        if (lost)
        {
            LogLost(_logger, job.Id);
        }
        else
        {
            await FinishAsync(job, outcome.State, outcome.Error, outcome.ModelId, outcome.Evaluation).ConfigureAwait(false);
            if (outcome.State == JobState.Succeeded)
            {
                LogSucceeded(_logger, job.Id, outcome.ModelId!);
            }
        }

        _events.Raise(job.Id);
    }

    private static void DeleteWork(string work)
    {
        try
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover in tmp/ is harmless.
        }
    }

    /// <summary>Where a job's comparison report is kept, relative to the data folder.</summary>
    public static string ReportFolderOf(string jobId) => $"jobs/{jobId}";

    /// <summary>Writes progress and renews the lease; cancels the job when asked to or when it is no longer ours. False when lost.</summary>
    private async Task<bool> HeartbeatAsync(JobRecord job, JobProgressReporter progress, CancellationTokenSource cts)
    {
        bool? cancel = await _jobs.HeartbeatAsync(job.Id, InstanceId, progress.Latest, _clock.GetUtcNow(), _options.LeaseDuration, CancellationToken.None)
            .ConfigureAwait(false);
        _events.Raise(job.Id);
        if (cancel != false)
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }

        return cancel is not null;
    }

    private async Task FinishAsync(JobRecord job, JobState state, string? error, string? modelId = null, JobEvaluation? evaluation = null)
    {
        if (!await _jobs.FinishAsync(job.Id, InstanceId, state, _clock.GetUtcNow(), error, modelId, evaluation).ConfigureAwait(false))
        {
            LogLost(_logger, job.Id);
        }
        else if (state != JobState.Succeeded)
        {
            LogEnded(_logger, job.Id, WireNames.Of(state), error ?? "");
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind} for {MachineType}) started")]
    private static partial void LogStarted(ILogger logger, string jobId, string kind, string machineType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} trained model {ModelId}")]
    private static partial void LogSucceeded(ILogger logger, string jobId, string modelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {State}: {Error}")]
    private static partial void LogEnded(ILogger logger, string jobId, string state, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is no longer held by this instance (its lease expired); its result is dropped")]
    private static partial void LogLost(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked {Count} jobs failed: their instances stopped renewing their leases")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for training jobs failed; trying again at the next poll")]
    private static partial void LogLoopFailure(ILogger logger, Exception exception);
}
