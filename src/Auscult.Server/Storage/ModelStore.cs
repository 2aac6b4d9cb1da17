using System.Data.Common;
using System.Text.Json;
using Auscult.Server.Models;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The models and model_activations tables.</summary>
public sealed class ModelStore
{
    private const string Columns = "id, kind, machine_type, metrics, file_path, size_bytes, uploaded_by, uploaded_at";
    private readonly AuscultDatabase _database;

    public ModelStore(AuscultDatabase database) => _database = database;

    /// <summary>
    /// Adds a model unless one with its id exists, with its bundle's bytes when given (instances whose data folder lacks the
    /// file read them with <see cref="GetFileAsync"/>); returns the stored record and whether it is new.
    /// </summary>
    public Task<(ModelRecord Model, bool Created)> AddAsync(ModelRecord model, string manifestJson, CancellationToken cancellationToken = default) =>
        AddAsync(model, manifestJson, null, cancellationToken);

    /// <inheritdoc cref="AddAsync(ModelRecord, string, CancellationToken)"/>
    public Task<(ModelRecord Model, bool Created)> AddAsync(ModelRecord model, string manifestJson, byte[]? bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _database.InTransactionAsync(async (c, t) =>
        {
            int inserted = await c.ExecuteAsync(
                $"INSERT INTO models ({Columns}, manifest) VALUES (@Id, @Kind, @MachineType, @metrics, @FilePath, @SizeBytes, @UploadedBy, @uploadedAt, @manifest) ON CONFLICT (id) DO NOTHING",
                new
                {
                    model.Id,
                    model.Kind,
                    model.MachineType,
                    metrics = model.Metrics.GetRawText(),
                    model.FilePath,
                    model.SizeBytes,
                    model.UploadedBy,
                    uploadedAt = UnixTime.Of(model.UploadedAt),
                    manifest = manifestJson,
                }, t).ConfigureAwait(false);
            if (bundle is not null)
            {
                await c.ExecuteAsync("INSERT INTO model_files (model_id, content) VALUES (@id, @bundle) ON CONFLICT (model_id) DO NOTHING",
                    new { id = model.Id, bundle }, t).ConfigureAwait(false);
            }

            return ((await GetAsync(c, t, model.Id).ConfigureAwait(false))!, inserted == 1);
        }, cancellationToken);
    }

    /// <summary>The model, or null.</summary>
    public Task<ModelRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => GetAsync(c, null, id), cancellationToken);

    /// <summary>The model's bundle bytes as uploaded, or null when the database does not hold them (models uploaded before the instances migration).</summary>
    public Task<byte[]?> GetFileAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => c.QuerySingleOrDefaultAsync<byte[]?>("SELECT content FROM model_files WHERE model_id = @id", new { id }),
            cancellationToken);

    /// <summary>The model's manifest.json as uploaded, or null.</summary>
    public Task<string?> GetManifestAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => c.QuerySingleOrDefaultAsync<string?>("SELECT manifest FROM models WHERE id = @id", new { id }), cancellationToken);

    /// <summary>Every model, newest first.</summary>
    public Task<IReadOnlyList<ModelRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<ModelRecord>>(async c =>
            [.. (await c.QueryAsync<Row>($"SELECT {Columns} FROM models ORDER BY uploaded_at DESC, id").ConfigureAwait(false)).Select(r => r.ToRecord())],
            cancellationToken);

    /// <summary>Every activation, newest first.</summary>
    public Task<IReadOnlyList<ModelActivation>> ActivationsAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<ModelActivation>>(async c =>
            [.. (await c.QueryAsync<ActivationRow>(
                "SELECT id, model_id, machine_id, machine_type, activated_by, activated_at FROM model_activations ORDER BY activated_at DESC, id DESC")
                .ConfigureAwait(false)).Select(r => r.ToActivation())],
            cancellationToken);

    /// <summary>Records an activation (for a machine or a type: exactly one of them).</summary>
    public Task<ModelActivation> ActivateAsync(string modelId, string? machineId, string? machineType, string? activatedBy, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if ((machineId is null) == (machineType is null))
        {
            throw new ArgumentException("Activate for a machine or for a machine type, not both or neither.");
        }

        var activation = new ModelActivation(Guid.CreateVersion7(now).ToString(), modelId, machineId, machineType, activatedBy, UnixTime.From(UnixTime.Of(now)));
        return _database.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO model_activations (id, model_id, machine_id, machine_type, activated_by, activated_at) VALUES (@Id, @ModelId, @MachineId, @MachineType, @ActivatedBy, @at)",
                new { activation.Id, activation.ModelId, activation.MachineId, activation.MachineType, activation.ActivatedBy, at = UnixTime.Of(now) }, t)
                .ConfigureAwait(false);
            return activation;
        }, cancellationToken);
    }

    /// <summary>The model active for a machine: its own latest activation, else its type's; null when none.</summary>
    public Task<ModelRecord?> ActiveForAsync(string machineId, string machineType, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => ActiveForAsync(c, machineId, machineType), cancellationToken);

    internal static async Task<ModelRecord?> ActiveForAsync(DbConnection connection, string machineId, string machineType)
    {
        string? id = await connection.QueryFirstOrDefaultAsync<string?>(
            """
            SELECT model_id FROM (
                SELECT model_id, 0 AS rank, activated_at, id FROM model_activations WHERE machine_id = @machineId
                UNION ALL
                SELECT model_id, 1 AS rank, activated_at, id FROM model_activations WHERE machine_type = @machineType
            ) candidates ORDER BY rank, activated_at DESC, id DESC LIMIT 1
            """,
            new { machineId, machineType }).ConfigureAwait(false);
        return id is null ? null : await GetAsync(connection, null, id).ConfigureAwait(false);
    }

    /// <summary>The model of the newest type-wide activation of <paramref name="machineType"/>, or null.</summary>
    public Task<ModelRecord?> ActiveForTypeAsync(string machineType, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
        {
            string? id = await c.QueryFirstOrDefaultAsync<string?>(
                "SELECT model_id FROM model_activations WHERE machine_type = @machineType ORDER BY activated_at DESC, id DESC LIMIT 1",
                new { machineType }).ConfigureAwait(false);
            return id is null ? null : await GetAsync(c, null, id).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Deletes a model that was uploaded by <paramref name="uploadedBy"/> and never activated nor used to score; returns its
    /// file path when it was deleted (the caller deletes the file), else null.
    /// </summary>
    public Task<string?> DeleteUnusedAsync(string id, string uploadedBy, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            string? path = await c.QuerySingleOrDefaultAsync<string?>(
                """
                SELECT file_path FROM models WHERE id = @id AND uploaded_by = @uploadedBy
                  AND NOT EXISTS (SELECT 1 FROM model_activations a WHERE a.model_id = models.id)
                  AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.model_id = models.id)
                """, new { id, uploadedBy }, t).ConfigureAwait(false);
            if (path is not null)
            {
                // Its bytes first: model_files references the model.
                await c.ExecuteAsync("DELETE FROM model_files WHERE model_id = @id", new { id }, t).ConfigureAwait(false);
                await c.ExecuteAsync("DELETE FROM models WHERE id = @id", new { id }, t).ConfigureAwait(false);
            }

            return path;
        }, cancellationToken);

    /// <summary>Whether any model is active for anything (readiness).</summary>
    public Task<bool> AnyActiveAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM model_activations").ConfigureAwait(false) > 0, cancellationToken);

    private static async Task<ModelRecord?> GetAsync(DbConnection connection, DbTransaction? transaction, string id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM models WHERE id = @id", new { id }, transaction).ConfigureAwait(false))
            ?.ToRecord();

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? MachineType { get; set; }
        public string Metrics { get; set; } = "{}";
        public string FilePath { get; set; } = "";
        public long SizeBytes { get; set; }
        public string? UploadedBy { get; set; }
        public long UploadedAt { get; set; }

        public ModelRecord ToRecord()
        {
            using var metrics = JsonDocument.Parse(Metrics);
            return new ModelRecord(Id, Kind, MachineType, metrics.RootElement.Clone(), FilePath, SizeBytes, UploadedBy, UnixTime.From(UploadedAt));
        }
    }

    private sealed class ActivationRow
    {
        public string Id { get; set; } = "";
        public string ModelId { get; set; } = "";
        public string? MachineId { get; set; }
        public string? MachineType { get; set; }
        public string? ActivatedBy { get; set; }
        public long ActivatedAt { get; set; }

        public ModelActivation ToActivation() => new(Id, ModelId, MachineId, MachineType, ActivatedBy, UnixTime.From(ActivatedAt));
    }
}
