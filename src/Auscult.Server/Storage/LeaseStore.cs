using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// The leases table: a named job that one instance among those sharing the database runs at a time (retention). A lease
/// is taken with one conditional upsert, the same SQL on SQLite and PostgreSQL: it succeeds when nobody holds the name,
/// when the caller already holds it (a renewal), or when the holder let it expire. Expiry is judged by the caller's clock,
/// so a lease should last far longer than the clocks of the instances differ.
/// </summary>
public sealed class LeaseStore
{
    private readonly AuscultDatabase _database;

    public LeaseStore(AuscultDatabase database) => _database = database;

    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/>.</summary>
    /// <returns>Whether <paramref name="holder"/> holds the lease now.</returns>
    public Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        // A concurrent taker on PostgreSQL waits on the primary key, then re-checks the WHERE against the winner's row.
        return _database.InTransactionAsync(async (c, t) => await c.ExecuteAsync(
            """
            INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires)
            ON CONFLICT (name) DO UPDATE SET
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
                holder = excluded.holder,
                expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
            """,
            new { name, holder, now = UnixTime.Of(now), expires = UnixTime.Of(now + duration) }, t).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <summary>Gives the lease up, if <paramref name="holder"/> holds it, so another instance may take it at once.</summary>
    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync((c, t) => c.ExecuteAsync("DELETE FROM leases WHERE name = @name AND holder = @holder", new { name, holder }, t),
            cancellationToken);

    /// <summary>Who holds <paramref name="name"/> and until when, or null when nobody ever took it.</summary>
    public Task<(string Holder, DateTimeOffset ExpiresAt)?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<(string, DateTimeOffset)?>(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>("SELECT holder, expires_at FROM leases WHERE name = @name", new { name }).ConfigureAwait(false);
            return row is null ? null : (row.Holder, UnixTime.From(row.ExpiresAt));
        }, cancellationToken);

    private sealed class Row
    {
        public string Holder { get; set; } = "";
        public long ExpiresAt { get; set; }
    }
}
