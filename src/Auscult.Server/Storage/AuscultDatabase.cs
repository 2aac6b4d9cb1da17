using System.Data.Common;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// Where Auscult keeps its state: a database (SQLite in the data folder by default, or PostgreSQL) and the data folder
/// for files (clip audio, model bundles). Open it with <see cref="Open"/>, then <see cref="MigrateAsync"/> once.
/// </summary>
public sealed class AuscultDatabase : IAsyncDisposable
{
    /// <summary>The SQLite file's name inside the data folder.</summary>
    public const string SqliteFileName = "auscult.db";

    static AuscultDatabase()
    {
        // Columns are snake_case, row types PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private AuscultDatabase(SqlDialect dialect, string dataDirectory)
    {
        Dialect = dialect;
        DataDirectory = dataDirectory;
    }

    /// <summary>The database's differences.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The data folder (absolute): audio, models, and the SQLite file when there is no PostgreSQL.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Opens the store: PostgreSQL when <paramref name="connectionString"/> is given (<c>Host=...;Database=...</c>),
    /// else SQLite in <paramref name="dataDirectory"/>. Creates the data folder when missing.
    /// </summary>
    /// <exception cref="ConfigurationException">The connection string cannot be parsed, or the folder cannot be created.</exception>
    public static AuscultDatabase Open(string dataDirectory, string? connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        string data = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{data}: the data folder cannot be created: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new AuscultDatabase(new SqliteDialect(Path.Combine(data, SqliteFileName)), data);
        }

        try
        {
            return new AuscultDatabase(new PostgresDialect(connectionString), data);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"The database connection string cannot be read ({e.Message}); expected Host=...;Database=...;Username=...", e);
        }
    }

    /// <summary>Opens a connection.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => Dialect.OpenAsync(cancellationToken);

    /// <summary>Brings the schema to the newest version (see <see cref="Migrator"/>); returns the versions applied now.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        new Migrator(this, timeProvider).MigrateAsync(cancellationToken);

    /// <summary>Whether the database answers.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<int>("SELECT 1").ConfigureAwait(false) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; rolls back on any exception.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await Dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        T result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> on a connection of its own (reads).</summary>
    public async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
