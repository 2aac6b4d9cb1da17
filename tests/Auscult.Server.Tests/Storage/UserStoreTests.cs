using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Storage;

/// <summary>The users table on SQLite.</summary>
public sealed class UserStoreTests : IAsyncLifetime
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
    public Task Users_AreStoredHashed_AndVerifiedByNameAndPassword() => UserStoreContract.Users_AreStoredHashed_AndVerifiedByNameAndPassword(_database);

    [Fact]
    public Task Users_RefuseATakenName_ADeviceRole_AndAShortPassword() => UserStoreContract.Users_RefuseATakenName_ADeviceRole_AndAShortPassword(_database);
}

/// <summary>The users table on PostgreSQL, when AUSCULT_TEST_POSTGRES is set; skipped otherwise.</summary>
public sealed class PostgresUserStoreTests : IAsyncLifetime
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
    public Task Users_AreStoredHashed_AndVerifiedByNameAndPassword() => UserStoreContract.Users_AreStoredHashed_AndVerifiedByNameAndPassword(_database);

    [PostgresFact]
    public Task Users_RefuseATakenName_ADeviceRole_AndAShortPassword() => UserStoreContract.Users_RefuseATakenName_ADeviceRole_AndAShortPassword(_database);
}
