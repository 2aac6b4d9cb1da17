using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Auscult.Server.Auth;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The api_keys table.</summary>
public sealed class KeyStore
{
    private const string Columns = "id, name, role, machines, key_hash, key_prefix, created_at, revoked_at";
    /// <summary>How long a verified key is answered from memory before the database is asked again.</summary>
    /// <remarks>A key revoked through this store stops working at once; one revoked elsewhere (another instance, `auscult keys revoke`) within this time.</remarks>
    public static readonly TimeSpan VerifiedKeyLifetime = TimeSpan.FromSeconds(10);

    private readonly AuscultDatabase _database;

    // Verified keys by their hash, with the moment (Environment.TickCount64, a monotonic clock: cache expiry is not a rule
    // tests drive with a fake clock) until which they are trusted without a query. Only valid keys enter, so the cache is
    // bounded by the keys that exist; unknown keys are never cached.
    private readonly ConcurrentDictionary<string, (ApiKeyInfo Info, long Until)> _verified = new(StringComparer.Ordinal);

    public KeyStore(AuscultDatabase database) => _database = database;

    /// <summary>Makes a key; returns what is stored and the key itself, which is shown once and never stored.</summary>
    /// <exception cref="ConfigurationException">A device key without machines, or machines on another role's key.</exception>
    public Task<(ApiKeyInfo Info, string Key)> CreateAsync(ApiRole role, IReadOnlyList<string>? machines, string? name, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync((c, t) => CreateAsync(c, t, role, machines, name, now), cancellationToken);

    /// <summary>
    /// On a database with no key at all, makes an admin key and returns it (first start); otherwise null. Concurrent
    /// first starts of several instances make one key between them.
    /// </summary>
    public Task<string?> CreateFirstAdminAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            await _database.Dialect.LockMigrationsAsync(c, t).ConfigureAwait(false);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys", transaction: t).ConfigureAwait(false) > 0)
            {
                return null;
            }

            var (_, key) = await CreateAsync(c, t, ApiRole.Admin, null, "first admin key", now).ConfigureAwait(false);
            return key;
        }, cancellationToken);

    /// <summary>Every key, oldest first.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<ApiKeyInfo>>(async c =>
            [.. (await c.QueryAsync<Row>($"SELECT {Columns} FROM api_keys ORDER BY created_at, id").ConfigureAwait(false)).Select(r => r.ToInfo())],
            cancellationToken);

    /// <summary>Revokes a key; false when there is no such key. Revoking twice keeps the first time.</summary>
    public Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            int found = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM api_keys WHERE id = @id", new { id }, t).ConfigureAwait(false);
            await c.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = UnixTime.Of(now) }, t)
                .ConfigureAwait(false);
            _verified.Clear();
            return found == 1;
        }, cancellationToken);

    /// <summary>The valid (not revoked) key that <paramref name="key"/> is, or null.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!ApiKeys.LooksLikeKey(key))
        {
            return null;
        }

        string hash = ApiKeys.Hash(key);
        // The look-up by hash finds the entry or the row; the constant-time comparison is what decides.
        if (_verified.TryGetValue(hash, out var known) && Environment.TickCount64 < known.Until && ApiKeys.Matches(key, hash))
        {
            return known.Info;
        }

        var row = await _database.WithConnectionAsync(c => c.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", new { hash }), cancellationToken)
            .ConfigureAwait(false);
        if (row is null || !ApiKeys.Matches(key, row.KeyHash))
        {
            _verified.TryRemove(hash, out _);
            return null;
        }

        var info = row.ToInfo();
        _verified[hash] = (info, Environment.TickCount64 + (long)VerifiedKeyLifetime.TotalMilliseconds);
        return info;
    }

    private static async Task<(ApiKeyInfo Info, string Key)> CreateAsync(DbConnection connection, DbTransaction transaction, ApiRole role,
        IReadOnlyList<string>? machines, string? name, DateTimeOffset now)
    {
        machines = machines is { Count: > 0 } ? [.. machines.Distinct(StringComparer.Ordinal)] : null;
        if (role == ApiRole.Device && machines is null)
        {
            throw new ConfigurationException("A device key needs the machines it may post clips for.");
        }

        if (role != ApiRole.Device && machines is not null)
        {
            throw new ConfigurationException($"Only device keys are limited to machines; an {WireNames.Of(role)} key reaches every machine.");
        }

        string key = ApiKeys.NewKey();
        var info = new ApiKeyInfo(ApiKeys.NewId(), name, role, machines ?? [], key[..(ApiKeys.Prefix.Length + ApiKeys.DisplayedCharacters)],
            DateTimeOffset.FromUnixTimeMilliseconds(UnixTime.Of(now)), null);
        await connection.ExecuteAsync(
            $"INSERT INTO api_keys ({Columns}) VALUES (@Id, @Name, @role, @machines, @hash, @Prefix, @createdAt, NULL)",
            new
            {
                info.Id,
                info.Name,
                role = WireNames.Of(role),
                machines = machines is null ? null : JsonSerializer.Serialize(machines),
                hash = ApiKeys.Hash(key),
                info.Prefix,
                createdAt = UnixTime.Of(now),
            }, transaction).ConfigureAwait(false);
        return (info, key);
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string? Name { get; set; }
        public string Role { get; set; } = "";
        public string? Machines { get; set; }
        public string KeyHash { get; set; } = "";
        public string KeyPrefix { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? RevokedAt { get; set; }

        public ApiKeyInfo ToInfo() => new(Id, Name, WireNames.Parse<ApiRole>(Role),
            Machines is null ? [] : JsonSerializer.Deserialize<string[]>(Machines) ?? [], KeyPrefix, UnixTime.From(CreatedAt), UnixTime.From(RevokedAt));
    }
}
