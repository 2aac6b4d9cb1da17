using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// Counts stored clips and scores per sender's clip id: what a load run or a fault-injection run checks afterwards
/// (every clip id sent stored exactly once, with one score), and which instance scored each.
/// </summary>
public sealed class StoredClipCounts
{
    private readonly AuscultDatabase _database;

    public StoredClipCounts(AuscultDatabase database) => _database = database;

    /// <summary>Every stored clip of <paramref name="machineIds"/>, by sender's clip id.</summary>
    public async Task<IReadOnlyList<StoredClipCount>> ReadAsync(IEnumerable<string> machineIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machineIds);
        var counts = new List<StoredClipCount>();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (string machineId in machineIds.Distinct(StringComparer.Ordinal))
        {
            // One machine at a time: the clips' (machine_id, client_clip_id) key serves the look-up, and the same text
            // runs on SQLite and PostgreSQL (no list parameters).
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT c.client_clip_id, COUNT(DISTINCT c.id) AS clips, COUNT(s.id) AS scores, MIN(s.scored_at) AS first_scored_at,
                    MIN(s.instance_id) AS scored_by
                FROM clips c LEFT JOIN scores s ON s.clip_id = c.id
                WHERE c.machine_id = @machineId
                GROUP BY c.client_clip_id
                """, new { machineId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            counts.AddRange(rows.Select(r => new StoredClipCount(machineId, r.ClientClipId, (int)r.Clips, (int)r.Scores, UnixTime.From(r.FirstScoredAt), r.ScoredBy)));
        }

        return counts;
    }

    private sealed class Row
    {
        public string ClientClipId { get; set; } = "";
        public long Clips { get; set; }
        public long Scores { get; set; }
        public long? FirstScoredAt { get; set; }
        public string? ScoredBy { get; set; }
    }
}
