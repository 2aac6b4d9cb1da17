using Dapper;

namespace Auscult.Server.Storage;

/// <summary>
/// Failed sign-ins per subject (<c>name:NAME</c> or <c>address:IP</c>): a fixed counting window and a lock. Each failure
/// is one statement, so instances counting at once never lose a failure.
/// </summary>
public sealed class SignInStore
{
    private readonly AuscultDatabase _database;

    public SignInStore(AuscultDatabase database) => _database = database;

    /// <summary>The latest lock end among <paramref name="subjects"/> that is after <paramref name="now"/>, or null.</summary>
    public Task<DateTimeOffset?> LockedUntilAsync(IReadOnlyList<string> subjects, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        return _database.WithConnectionAsync(async c =>
        {
            long? until = null;
            foreach (string subject in subjects)
            {
                long? locked = await c.ExecuteScalarAsync<long?>(
                    "SELECT locked_until FROM signin_failures WHERE subject = @subject AND locked_until > @now",
                    new { subject, now = UnixTime.Of(now) }).ConfigureAwait(false);
                until = locked > (until ?? long.MinValue) ? locked : until;
            }

            return UnixTime.From(until);
        }, cancellationToken);
    }

    /// <summary>
    /// Counts a failure of <paramref name="subject"/>: a new window when the last began <paramref name="window"/> ago or
    /// earlier; the subject is locked until <c>now + lockout</c> when the window's count reaches <paramref name="limit"/>.
    /// </summary>
    public Task RecordFailureAsync(string subject, DateTimeOffset now, TimeSpan window, int limit, TimeSpan lockout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        // In an ON CONFLICT update, the bare column names are the stored row's values in SQLite and PostgreSQL alike.
        const string sql = """
            INSERT INTO signin_failures (subject, failures, window_start, locked_until)
            VALUES (@subject, 1, @now, CASE WHEN 1 >= @limit THEN @lockedUntil ELSE NULL END)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN signin_failures.window_start <= @windowCutoff THEN 1 ELSE signin_failures.failures + 1 END,
                window_start = CASE WHEN signin_failures.window_start <= @windowCutoff THEN @now ELSE signin_failures.window_start END,
                locked_until = CASE
                    WHEN (CASE WHEN signin_failures.window_start <= @windowCutoff THEN 1 ELSE signin_failures.failures + 1 END) >= @limit THEN @lockedUntil
                    ELSE signin_failures.locked_until END
            """;
        return _database.WithConnectionAsync(c => c.ExecuteAsync(sql, new
        {
            subject,
            now = UnixTime.Of(now),
            windowCutoff = UnixTime.Of(now - window),
            limit,
            lockedUntil = UnixTime.Of(now + lockout),
        }), cancellationToken);
    }

    /// <summary>Forgets <paramref name="subject"/>'s failures and lock (a successful sign-in, a password reset).</summary>
    public Task ClearAsync(string subject, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => c.ExecuteAsync("DELETE FROM signin_failures WHERE subject = @subject", new { subject }), cancellationToken);
}
