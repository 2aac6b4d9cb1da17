using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Server.Jobs;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// The jobs table: training jobs and the claim, lease and progress of the instance that runs each. The same SQL on SQLite
/// and PostgreSQL: a job is claimed with one conditional UPDATE of a queued row (on PostgreSQL a concurrent claimer waits
/// on the row lock, then finds the row no longer queued), renewed by its holder only, and a job whose lease expired is
/// marked failed (<see cref="ExpireAsync"/>), never claimed again.
/// </summary>
public sealed class JobStore
{
    private const string Columns =
        "id, kind, machine_type, state, requested_by, created_at, started_at, finished_at, holder, lease_expires_at, cancel_requested, " +
        "progress_step, progress_done, progress_total, error, result_model_id, evaluation, decision, decided_by, decided_at";

    private static readonly JsonSerializerOptions EvaluationJson = new(StoreJson.Options)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly AuscultDatabase _database;

    public JobStore(AuscultDatabase database) => _database = database;

    /// <summary>
    /// Queues a new job unless its machine type has a queued or running one (the unique index decides, whatever the
    /// number of instances). Returns the new job, or the job that was already active and false.
    /// </summary>
    public Task<(JobRecord Job, bool Created)> CreateAsync(string id, JobKind kind, string machineType, string requestedBy, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            int inserted = await c.ExecuteAsync(
                """
                INSERT INTO jobs (id, kind, machine_type, state, requested_by, created_at) VALUES (@id, @kind, @machineType, 'queued', @requestedBy, @now)
                ON CONFLICT DO NOTHING
                """,
                new { id, kind = WireNames.Of(kind), machineType, requestedBy, now = UnixTime.Of(now) }, t).ConfigureAwait(false);
            if (inserted == 1)
            {
                return ((await GetAsync(c, t, id).ConfigureAwait(false))!, true);
            }

            var active = await ActiveForAsync(c, t, machineType).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Job {id} was not queued, and no job of {machineType} is active.");
            return (active, false);
        }, cancellationToken);

    /// <summary>The job, or null.</summary>
    public Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => GetAsync(c, null, id), cancellationToken);

    /// <summary>The newest jobs first.</summary>
    public Task<IReadOnlyList<JobRecord>> ListAsync(int limit = 50, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<JobRecord>>(async c =>
            [.. (await c.QueryAsync<Row>($"SELECT {Columns} FROM jobs ORDER BY created_at DESC, id DESC LIMIT @limit", new { limit }).ConfigureAwait(false))
                .Select(r => r.ToRecord())],
            cancellationToken);

    /// <summary>The queued or running job of a machine type, or null.</summary>
    public Task<JobRecord?> ActiveForAsync(string machineType, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => ActiveForAsync(c, null, machineType), cancellationToken);

    /// <summary>
    /// Claims the oldest queued job for <paramref name="holder"/> with a lease until <paramref name="now"/> + <paramref name="lease"/>;
    /// null when none is queued or another instance claimed it first.
    /// </summary>
    public Task<JobRecord?> TryClaimAsync(string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        return _database.InTransactionAsync(async (c, t) =>
        {
            string? id = await c.ExecuteScalarAsync<string?>(
                """
                UPDATE jobs SET state = 'running', holder = @holder, started_at = @now, lease_expires_at = @expires
                WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1) AND state = 'queued'
                RETURNING id
                """,
                new { holder, now = UnixTime.Of(now), expires = UnixTime.Of(now + lease) }, t).ConfigureAwait(false);
            return id is null ? null : await GetAsync(c, t, id).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// The holder's heartbeat: writes the progress and renews the lease. Returns whether a cancel was asked for, or null
    /// when <paramref name="holder"/> no longer runs the job (it expired and was marked failed meanwhile).
    /// </summary>
    public Task<bool?> HeartbeatAsync(string id, string holder, JobProgress progress, DateTimeOffset now, TimeSpan lease,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return _database.InTransactionAsync(async (c, t) =>
        {
            long? cancel = await c.ExecuteScalarAsync<long?>(
                """
                UPDATE jobs SET progress_step = @Step, progress_done = @Done, progress_total = @Total, lease_expires_at = @expires
                WHERE id = @id AND holder = @holder AND state = 'running'
                RETURNING cancel_requested
                """,
                new { id, holder, progress.Step, progress.Done, progress.Total, expires = UnixTime.Of(now + lease) }, t).ConfigureAwait(false);
            return cancel is null ? (bool?)null : cancel != 0;
        }, cancellationToken);
    }

    /// <summary>Ends a running job held by <paramref name="holder"/>; false when it no longer holds it.</summary>
    public Task<bool> FinishAsync(string id, string holder, JobState state, DateTimeOffset now, string? error = null, string? resultModelId = null,
        JobEvaluation? evaluation = null, CancellationToken cancellationToken = default)
    {
        if (state is JobState.Queued or JobState.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job finishes as succeeded, failed or cancelled.");
        }

        return _database.InTransactionAsync(async (c, t) => await c.ExecuteAsync(
            """
            UPDATE jobs SET state = @state, finished_at = @now, error = @error, result_model_id = @resultModelId, evaluation = @evaluation,
                lease_expires_at = NULL
            WHERE id = @id AND holder = @holder AND state = 'running'
            """,
            new
            {
                id,
                holder,
                state = WireNames.Of(state),
                now = UnixTime.Of(now),
                error,
                resultModelId,
                evaluation = evaluation is null ? null : JsonSerializer.Serialize(evaluation, EvaluationJson),
            }, t).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <summary>
    /// Asks a job to stop: a queued job is cancelled at once; a running one is flagged, and its holder stops at its next
    /// heartbeat. Returns the job as it is now, or null when there is no such job.
    /// </summary>
    public Task<JobRecord?> RequestCancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync("UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished_at = @now WHERE id = @id AND state = 'queued'",
                new { id, now = UnixTime.Of(now) }, t).ConfigureAwait(false);
            await c.ExecuteAsync("UPDATE jobs SET cancel_requested = 1 WHERE id = @id AND state = 'running'", new { id }, t).ConfigureAwait(false);
            return await GetAsync(c, t, id).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Marks failed every running job whose lease expired before <paramref name="now"/>: its instance died or lost the
    /// database. Such a job is not taken over (training would restart from nothing; a job that kills its instance would
    /// kill the next). Returns how many.
    /// </summary>
    public Task<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync((c, t) => c.ExecuteAsync(
            """
            UPDATE jobs SET state = 'failed', finished_at = @now,
                error = 'The instance running this job (' || holder || ') stopped renewing its lease, so it stopped or lost the database. Jobs are not taken over: start it again.'
            WHERE state = 'running' AND lease_expires_at <= @now
            """,
            new { now = UnixTime.Of(now) }, t), cancellationToken);

    /// <summary>Records an admin's decision on a succeeded job's model; false unless the job succeeded and was not decided yet.</summary>
    public Task<bool> DecideAsync(string id, JobDecision decision, string decidedBy, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) => await c.ExecuteAsync(
            """
            UPDATE jobs SET decision = @decision, decided_by = @decidedBy, decided_at = @now
            WHERE id = @id AND state = 'succeeded' AND decision IS NULL AND result_model_id IS NOT NULL
            """,
            new { id, decision = WireNames.Of(decision), decidedBy, now = UnixTime.Of(now) }, t).ConfigureAwait(false) == 1, cancellationToken);

    private static async Task<JobRecord?> GetAsync(DbConnection connection, DbTransaction? transaction, string id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM jobs WHERE id = @id", new { id }, transaction).ConfigureAwait(false))
            ?.ToRecord();

    private static async Task<JobRecord?> ActiveForAsync(DbConnection connection, DbTransaction? transaction, string machineType) =>
        (await connection.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM jobs WHERE machine_type = @machineType AND state IN ('queued', 'running') ORDER BY created_at, id",
            new { machineType }, transaction).ConfigureAwait(false))?.ToRecord();

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string MachineType { get; set; } = "";
        public string State { get; set; } = "";
        public string RequestedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? FinishedAt { get; set; }
        public string? Holder { get; set; }
        public long? LeaseExpiresAt { get; set; }
        public long CancelRequested { get; set; }
        public string? ProgressStep { get; set; }
        public long ProgressDone { get; set; }
        public long ProgressTotal { get; set; }
        public string? Error { get; set; }
        public string? ResultModelId { get; set; }
        public string? Evaluation { get; set; }
        public string? Decision { get; set; }
        public string? DecidedBy { get; set; }
        public long? DecidedAt { get; set; }

        public JobRecord ToRecord() => new(Id, WireNames.Parse<JobKind>(Kind), MachineType, WireNames.Parse<JobState>(State), RequestedBy,
            UnixTime.From(CreatedAt), UnixTime.From(StartedAt), UnixTime.From(FinishedAt), Holder, UnixTime.From(LeaseExpiresAt), CancelRequested != 0,
            new JobProgress(ProgressStep, (int)ProgressDone, (int)ProgressTotal), Error, ResultModelId,
            Evaluation is null ? null : JsonSerializer.Deserialize<JobEvaluation>(Evaluation, EvaluationJson),
            Decision is null ? null : WireNames.Parse<JobDecision>(Decision), DecidedBy, UnixTime.From(DecidedAt));
    }
}
