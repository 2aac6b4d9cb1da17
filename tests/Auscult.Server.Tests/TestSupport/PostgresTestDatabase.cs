using Npgsql;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// A PostgreSQL database of its own for one test class, made on the server that <c>AUSCULT_TEST_POSTGRES</c> names
/// (a connection string whose user may create databases; <c>.ci/run</c> starts one) and dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable with the server's connection string.</summary>
    public const string Variable = "AUSCULT_TEST_POSTGRES";

    /// <summary>Why PostgreSQL tests skip when the variable is not set.</summary>
    public const string MissingReason =
        $"{Variable} is not set (a PostgreSQL connection string, e.g. Host=127.0.0.1;Port=55432;Username=auscult;Password=...;Database=auscult); .ci/run sets it. Skipped.";

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        AdminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The server's connection string, or null when PostgreSQL tests skip.</summary>
    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private string AdminConnectionString { get; }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string to the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a new, empty database.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        string server = ServerConnectionString ?? throw new InvalidOperationException(MissingReason);
        string name = $"auscult_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(server, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        // FORCE ends our own sessions, but not an autovacuum worker that happens to be in the new database (it belongs to
        // the superuser: 42501); that worker leaves within moments, so try again for up to 30 s.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 120)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}

/// <summary>A fact that runs on a real PostgreSQL when <c>AUSCULT_TEST_POSTGRES</c> is set, and skips saying why otherwise.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            Skip = PostgresTestDatabase.MissingReason;
        }
    }
}
