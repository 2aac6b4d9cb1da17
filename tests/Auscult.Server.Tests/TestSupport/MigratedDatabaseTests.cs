using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// A test class on a fresh, migrated database with its own data folder: the base of the SQLite and PostgreSQL twins
/// that run one store contract each (<see cref="SqliteDatabaseTests"/>, <see cref="PostgresDatabaseTests"/>).
/// </summary>
public abstract class MigratedDatabaseTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AuscultDatabase? _database;

    /// <summary>The migrated database (not set when the test is skipped for want of PostgreSQL).</summary>
    protected AuscultDatabase Database => _database ?? throw new InvalidOperationException("No database: the test should have been skipped.");

    public async Task InitializeAsync()
    {
        if (await ConnectionStringAsync() is not { } connection)
        {
            return;
        }

        _database = AuscultDatabase.Open(_folder.Path, connection.Length == 0 ? null : connection);
        await _database.MigrateAsync(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await ReleaseAsync();
        _folder.Dispose();
    }

    /// <summary>The connection string to open: empty for SQLite in the data folder, null to skip.</summary>
    private protected abstract Task<string?> ConnectionStringAsync();

    /// <summary>Releases what <see cref="ConnectionStringAsync"/> made, after the database closed.</summary>
    private protected abstract Task ReleaseAsync();
}

/// <summary>A test class on a fresh, migrated SQLite database.</summary>
public abstract class SqliteDatabaseTests : MigratedDatabaseTests
{
    private protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>("");

    private protected override Task ReleaseAsync()
    {
        // Pooled connections would keep the database file open past the folder's deletion.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>A test class on a fresh, migrated PostgreSQL database of its own, when AUSCULT_TEST_POSTGRES is set (use [PostgresFact]).</summary>
public abstract class PostgresDatabaseTests : MigratedDatabaseTests
{
    private PostgresTestDatabase? _server;

    private protected override async Task<string?> ConnectionStringAsync()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            return null;
        }

        _server = await PostgresTestDatabase.CreateAsync();
        return _server.ConnectionString;
    }

    private protected override async Task ReleaseAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
