using System.Data.Common;

namespace Auscult.Server.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL differ: opening a connection, and serialising writers (migrations, an
/// alert's state). Every table, query and migration is otherwise the same text for both.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Which database this is.</summary>
    public abstract DatabaseKind Kind { get; }

    /// <summary>Appended to a SELECT that reads a row the transaction will update (a row lock where there are row locks).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Opens a new connection, ready for use.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that writes: on SQLite it takes the write lock at once (BEGIN IMMEDIATE).</summary>
    public virtual Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken).AsTask();

    /// <summary>
    /// Waits for this process's turn to write and returns what gives it back (dispose it after the commit), or null where
    /// the database orders concurrent writers itself (PostgreSQL's row locks).
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Makes concurrent migrators (several instances starting at once) wait for each other inside <paramref name="transaction"/>.</summary>
    public abstract Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction);

    /// <summary>A short description for start-up output, without credentials.</summary>
    public abstract string Describe();
}
