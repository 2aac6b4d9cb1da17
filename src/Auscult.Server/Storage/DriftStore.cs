using System.Data.Common;
using Auscult.Drift;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The drift_observations table: what the drift monitor keeps of each scored clip, per model.</summary>
public sealed class DriftStore
{
    private readonly AuscultDatabase _database;

    public DriftStore(AuscultDatabase database) => _database = database;

    /// <summary>
    /// Stores a clip's observation under the model that made it (once per clip), and deletes the machine's rows older
    /// than <paramref name="keepSince"/>: the table holds only the drift horizon.
    /// </summary>
    internal static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string clipId, string machineId, string modelId,
        DriftObservation observation, DateTimeOffset keepSince)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO drift_observations (clip_id, machine_id, model_id, clip_at, observation)
            VALUES (@clipId, @machineId, @modelId, @clipAt, @observation)
            ON CONFLICT (clip_id) DO NOTHING
            """,
            new { clipId, machineId, modelId, clipAt = UnixTime.Of(observation.RecordedAt), observation = Convert.ToBase64String(observation.ToBytes()) },
            transaction).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM drift_observations WHERE machine_id = @machineId AND clip_at < @keep",
            new { machineId, keep = UnixTime.Of(keepSince) }, transaction).ConfigureAwait(false);
    }

    /// <summary>A machine's observations by <paramref name="modelId"/> with clip times from <paramref name="since"/> on, oldest first.</summary>
    public Task<IReadOnlyList<DriftObservation>> ListAsync(string machineId, string modelId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<DriftObservation>>(async c =>
            [.. (await c.QueryAsync<string>(
                "SELECT observation FROM drift_observations WHERE machine_id = @machineId AND model_id = @modelId AND clip_at >= @since ORDER BY clip_at, clip_id",
                new { machineId, modelId, since = UnixTime.Of(since) }).ConfigureAwait(false))
                .Select(text => DriftObservation.FromBytes(Convert.FromBase64String(text)))],
            cancellationToken);
}
