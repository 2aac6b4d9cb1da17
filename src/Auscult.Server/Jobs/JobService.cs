using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Jobs;

/// <summary>
/// The training jobs as an admin uses them (API and Models page alike): what each machine type can train, starting,
/// cancelling, and promoting or discarding a finished job's model. Errors are <see cref="ProblemException"/>s that name
/// the problem and what would solve it.
/// </summary>
public sealed class JobService
{
    private readonly JobStore _jobs;
    private readonly TrainingData _data;
    private readonly MachineStore _machines;
    private readonly ModelStore _models;
    private readonly ModelRegistry _registry;
    private readonly JobRunner _runner;
    private readonly FileStore _files;
    private readonly JobEvents _events;
    private readonly JobOptions _options;
    private readonly TimeProvider _clock;

    public JobService(JobStore jobs, TrainingData data, MachineStore machines, ModelStore models, ModelRegistry registry, JobRunner runner, FileStore files,
        JobEvents events, IOptions<JobOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _jobs = jobs;
        _data = data;
        _machines = machines;
        _models = models;
        _registry = registry;
        _runner = runner;
        _files = files;
        _events = events;
        _options = options.Value;
        _clock = clock;
    }

    /// <summary>The offer of every machine type that has a registered machine, by type.</summary>
    public async Task<IReadOnlyList<JobOffer>> OffersAsync(CancellationToken cancellationToken = default)
    {
        var types = (await _machines.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(m => m.MachineType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var offers = new List<JobOffer>();
        foreach (string type in types)
        {
            offers.Add(await OfferOfAsync(type, cancellationToken).ConfigureAwait(false));
        }

        return offers;
    }

    /// <summary>The offer of one machine type.</summary>
    /// <exception cref="ProblemException">400 for a malformed type; 404 when no machine of the type is registered.</exception>
    public async Task<JobOffer> OfferAsync(string? machineType, CancellationToken cancellationToken = default)
    {
        string type = await RequireTypeAsync(machineType, cancellationToken).ConfigureAwait(false);
        return await OfferOfAsync(type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a job; the runner of this or another instance picks it up.</summary>
    /// <exception cref="ProblemException">
    /// 400 without a kind or with a malformed type; 404 for an unknown machine type; 409 when the type already has a queued
    /// or running job; 422 when the type has not enough clips or labels (the message says how many are needed).
    /// </exception>
    public async Task<JobRecord> StartAsync(JobRequest request, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind is not JobKind kind)
        {
            throw ProblemException.BadRequest($"Say which job: a body {{\"kind\": \"{WireNames.Of(JobKind.RetrainAutoencoder)}\", \"machineType\": \"fan\"}}; kinds: {string.Join(", ", WireNames.All<JobKind>())}.");
        }

        var offer = await OfferAsync(request.MachineType, cancellationToken).ConfigureAwait(false);
        if (offer.ActiveJobId is not null)
        {
            throw ProblemException.Conflict(offer.WhyNot(kind)!);
        }

        if (offer.WhyNot(kind) is { } reason)
        {
            throw ProblemException.Unprocessable(reason);
        }

        var now = _clock.GetUtcNow();
        var (job, created) = await _jobs.CreateAsync(Guid.CreateVersion7(now).ToString(), kind, offer.MachineType, requestedBy, now, cancellationToken)
            .ConfigureAwait(false);
        if (!created)
        {
            throw ProblemException.Conflict(
                $"Job {job.Id} ({WireNames.Of(job.Kind)}) is already {WireNames.Of(job.State)} for {job.MachineType}; wait for it to end or cancel it.");
        }

        _events.Raise(job.Id);
        _runner.Wake();
        return job;
    }

    /// <summary>The newest jobs first.</summary>
    public Task<IReadOnlyList<JobRecord>> ListAsync(int limit = 50, CancellationToken cancellationToken = default) => _jobs.ListAsync(limit, cancellationToken);

    /// <summary>A job.</summary>
    /// <exception cref="ProblemException">404 when there is no such job.</exception>
    public async Task<JobRecord> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ProblemException.NotFound($"There is no job '{id}'.");

    /// <summary>Asks a job to stop: a queued job is cancelled at once, a running one within a heartbeat (at once on this instance).</summary>
    /// <exception cref="ProblemException">404 when there is no such job; 409 when it has ended already.</exception>
    public async Task<JobRecord> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (job.IsFinished)
        {
            throw ProblemException.Conflict($"Job {id} has ended already ({WireNames.Of(job.State)}); there is nothing to cancel.");
        }

        job = await _jobs.RequestCancelAsync(id, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false) ?? job;
        _runner.CancelLocal(id);
        _events.Raise(id);
        return job;
    }

    /// <summary>Activates a succeeded job's model for its machine type, through the models' activation path.</summary>
    /// <exception cref="ProblemException">404 when there is no such job; 409 unless it succeeded and was not decided yet.</exception>
    public async Task<JobRecord> PromoteAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var job = await DecidableAsync(id, cancellationToken).ConfigureAwait(false);
        await _registry.ActivateAsync(job.ResultModelId!, new ActivationRequest(job.MachineType, null), actor, cancellationToken).ConfigureAwait(false);
        await DecideAsync(job, JobDecision.Promoted, actor, cancellationToken).ConfigureAwait(false);
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops a succeeded job's model: deleted unless it was activated or used meanwhile.</summary>
    /// <exception cref="ProblemException">404 when there is no such job; 409 unless it succeeded and was not decided yet.</exception>
    public async Task<JobRecord> DiscardAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var job = await DecidableAsync(id, cancellationToken).ConfigureAwait(false);
        await DecideAsync(job, JobDecision.Discarded, actor, cancellationToken).ConfigureAwait(false);
        if (await _models.DeleteUnusedAsync(job.ResultModelId!, JobRunner.UploaderOf(job.Id), cancellationToken).ConfigureAwait(false) is { } path)
        {
            _files.Delete(path);
        }

        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The comparison report of a finished job (report.html), or null when it has none.</summary>
    public string? ReportPath(string id)
    {
        string path = _files.FullPath($"{JobRunner.ReportFolderOf(id)}/report.html");
        return File.Exists(path) ? path : null;
    }

    private async Task<JobRecord> DecidableAsync(string id, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (job.State != JobState.Succeeded || job.ResultModelId is null)
        {
            throw ProblemException.Conflict($"Job {id} is {WireNames.Of(job.State)}; only a succeeded job's model can be promoted or discarded.");
        }

        if (job.Decision is { } decision)
        {
            throw ProblemException.Conflict($"Job {id}'s model was {WireNames.Of(decision)} already by {job.DecidedBy}.");
        }

        return job;
    }

    private async Task DecideAsync(JobRecord job, JobDecision decision, string actor, CancellationToken cancellationToken)
    {
        if (!await _jobs.DecideAsync(job.Id, decision, actor, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw ProblemException.Conflict($"Job {job.Id}'s model was decided by someone else meanwhile.");
        }

        _events.Raise(job.Id);
    }

    private async Task<string> RequireTypeAsync(string? machineType, CancellationToken cancellationToken)
    {
        if (machineType is null)
        {
            throw ProblemException.BadRequest("Say for which machine type: a body {\"kind\": ..., \"machineType\": \"fan\"}.");
        }

        if (!MachineIds.IsValid(machineType))
        {
            throw ProblemException.BadRequest($"The machine type '{machineType}' is not valid: letters, digits, '.', '_' and '-', at most {MachineIds.MaxLength}.");
        }

        if ((await _machines.ListAsync(machineType: machineType, cancellationToken: cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            var known = (await _machines.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                .Select(m => m.MachineType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            throw ProblemException.NotFound(
                $"No machine of type '{machineType}' is registered, so there is nothing to train on (known types: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
        }

        return machineType;
    }

    private async Task<JobOffer> OfferOfAsync(string type, CancellationToken cancellationToken)
    {
        var active = await _models.ActiveForTypeAsync(type, cancellationToken).ConfigureAwait(false);
        var (normal, anomalous) = await _data.CountAsync(type, cancellationToken).ConfigureAwait(false);
        var job = await _jobs.ActiveForAsync(type, cancellationToken).ConfigureAwait(false);
        return JobRules.Offer(type, active?.Id, normal, anomalous, job, _options);
    }
}
