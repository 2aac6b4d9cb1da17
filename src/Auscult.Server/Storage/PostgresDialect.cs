using System.Data.Common;
using Dapper;
using Npgsql;

namespace Auscult.Server.Storage;

/// <summary>PostgreSQL through Npgsql's pooled data source.</summary>
public sealed class PostgresDialect : SqlDialect, IAsyncDisposable
{
    // An arbitrary constant naming Auscult's migration lock among other advisory locks of the database.
    private const long MigrationLockKey = 0x41757363756C74;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override DatabaseKind Kind => DatabaseKind.PostgreSql;

    // NO KEY UPDATE, not UPDATE: inserting a clip or an alert_clips row takes KEY SHARE on the row it references, and two
    // transactions that each hold KEY SHARE on a machine would deadlock asking for FOR UPDATE; Auscult never changes keys.
    public override string ForUpdate => " FOR NO KEY UPDATE";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction);

    public override string Describe() => _description;

    /// <summary>The pooled data source (for a connection held open to LISTEN).</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
