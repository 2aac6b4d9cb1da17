using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.SignIns;

/// <summary>The sign-in attempt limit on SQLite.</summary>
public sealed class SignInLimiterTests : IAsyncLifetime
{
    private readonly Auscult.Tests.TestSupport.TempFolder _folder = new();
    private AuscultDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = AuscultDatabase.Open(_folder.Path, null);
        await _database.MigrateAsync(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public Task AName_IsLockedAtTheLimit_UntilTheLockoutEnds() => SignInLimiterContract.AName_IsLockedAtTheLimit_UntilTheLockoutEnds(_database);

    [Fact]
    public Task Failures_CountOnlyWithinTheWindow() => SignInLimiterContract.Failures_CountOnlyWithinTheWindow(_database);

    [Fact]
    public Task AnAddress_IsLockedAcrossNames() => SignInLimiterContract.AnAddress_IsLockedAcrossNames(_database);

    [Fact]
    public Task Clear_ForgetsTheNamesFailures() => SignInLimiterContract.Clear_ForgetsTheNamesFailures(_database);
}

/// <summary>The sign-in attempt limit on PostgreSQL, when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresSignInLimiterTests : IAsyncLifetime
{
    private readonly Auscult.Tests.TestSupport.TempFolder _folder = new();
    private PostgresTestDatabase? _server;
    private AuscultDatabase _database = null!;

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            return;
        }

        _server = await PostgresTestDatabase.CreateAsync();
        _database = AuscultDatabase.Open(_folder.Path, _server.ConnectionString);
        await _database.MigrateAsync(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _database.DisposeAsync();
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }

    [PostgresFact]
    public Task AName_IsLockedAtTheLimit_UntilTheLockoutEnds() => SignInLimiterContract.AName_IsLockedAtTheLimit_UntilTheLockoutEnds(_database);

    [PostgresFact]
    public Task Failures_CountOnlyWithinTheWindow() => SignInLimiterContract.Failures_CountOnlyWithinTheWindow(_database);

    [PostgresFact]
    public Task AnAddress_IsLockedAcrossNames() => SignInLimiterContract.AnAddress_IsLockedAcrossNames(_database);

    [PostgresFact]
    public Task Clear_ForgetsTheNamesFailures() => SignInLimiterContract.Clear_ForgetsTheNamesFailures(_database);
}
