using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Auscult.Server.Storage;

/// <summary>SQLite: one file, WAL mode so readers never wait for the writer, a busy timeout so writers queue.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    // One writer at a time, queued in memory: SQLite allows one writer anyway, and Microsoft.Data.Sqlite answers a busy
    // write lock by sleeping the thread and polling again (150 ms steps), which put 150-400 ms on the p99 of clips posted
    // concurrently. Other processes on the same file (e.g. `auscult keys`) still meet the busy timeout.
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <param name="path">The database file; its folder must exist.</param>
    public SqliteDialect(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    // SQLite locks the whole database for a writer; BEGIN IMMEDIATE (BeginWriteAsync) already serialises writers.
    public override string ForUpdate => string.Empty;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL is a property of the file (set once, kept); synchronous=NORMAL is per connection and, in WAL mode,
            // still never corrupts the database: a power cut can lose the last commits, not break older ones.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;").ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for a deferred transaction: the write lock is taken now,
        // so two writers never both read and then fail to upgrade (SQLITE_BUSY mid-transaction).
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return Task.FromResult(transaction);
    }

    public override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_writer);
    }

    public override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction) => Task.CompletedTask;

    public override string Describe() => $"SQLite {Path}";

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}
