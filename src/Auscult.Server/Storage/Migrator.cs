using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// Applies the schema migrations: plain SQL files <c>Storage/Migrations/NNNN_name.sql</c>, embedded in the assembly,
/// the same text for SQLite and PostgreSQL. All pending versions are applied in one transaction, recorded in
/// <c>schema_version</c>; concurrent instances wait for each other (PostgreSQL: an advisory lock; SQLite: the write
/// lock), so each version is applied once.
/// </summary>
public sealed class Migrator
{
    private const string ResourcePrefix = "Auscult.Server.Migrations.";
    private readonly AuscultDatabase _database;
    private readonly TimeProvider _timeProvider;

    public Migrator(AuscultDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>The migrations this build carries, by version.</summary>
    public static IReadOnlyList<Migration> All { get; } = LoadAll();

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => All[^1].Version;

    /// <summary>Applies every migration newer than the database's version; returns the versions applied.</summary>
    /// <exception cref="ConfigurationException">The database's schema is newer than this build.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _database.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await _database.Dialect.LockMigrationsAsync(connection, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction: transaction).ConfigureAwait(false);
        int current = await CurrentVersionAsync(connection, transaction).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new ConfigurationException(
                $"The database ({_database.Dialect.Describe()}) has schema version {current}; this Auscult knows up to {LatestVersion}. Run a newer Auscult.");
        }

        var applied = new List<int>();
        foreach (var migration in All.Where(m => m.Version > current))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await connection.ExecuteAsync(migration.Sql, transaction: transaction).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @at)",
                new { migration.Version, migration.Name, at = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction).ConfigureAwait(false);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>The database's schema version; 0 for a new database.</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction = null) =>
        await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version", transaction: transaction).ConfigureAwait(false) ?? 0;

    private static List<Migration> LoadAll()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            string file = resource[ResourcePrefix.Length..];
            int underscore = file.IndexOf('_', StringComparison.Ordinal);
            int version = int.Parse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(file)[(underscore + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        // A gap would let a database at a later version miss the one in between for good.
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration versions must run 1, 2, 3 ... without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations;
    }
}
