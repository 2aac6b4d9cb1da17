using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Tests.Storage;

/// <summary>The users table's behaviour, run on SQLite and on PostgreSQL (<see cref="UserStoreTests"/>).</summary>
internal static class UserStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static async Task Users_AreStoredHashed_AndVerifiedByNameAndPassword(AuscultDatabase database)
    {
        var users = new UserStore(database);

        var made = await users.CreateAsync("ada", ApiRole.Operator, "correct horse", Now);

        Assert.Equal(made, await users.VerifyAsync("ada", "correct horse"));
        Assert.Null(await users.VerifyAsync("ada", "correct horsE"));
        Assert.Null(await users.VerifyAsync("Ada", "correct horse"));
        Assert.Null(await users.VerifyAsync("nobody", "correct horse"));
        Assert.Equal(made, await users.GetAsync(made.Id));
        await using var connection = await database.OpenAsync();
        string hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE name = 'ada'") ?? "";
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.True(hash.Length > 40, hash);
    }

    public static async Task Users_RefuseATakenName_ADeviceRole_AndAShortPassword(AuscultDatabase database)
    {
        var users = new UserStore(database);
        await users.CreateAsync("root", ApiRole.Admin, "long enough", Now);

        var taken = await Assert.ThrowsAsync<ConfigurationException>(() => users.CreateAsync("root", ApiRole.Operator, "other password", Now));
        var device = await Assert.ThrowsAsync<ConfigurationException>(() => users.CreateAsync("edge", ApiRole.Device, "long enough", Now));
        var shortPassword = await Assert.ThrowsAsync<ConfigurationException>(() => users.CreateAsync("bob", ApiRole.Operator, "short", Now));
        var spaced = await Assert.ThrowsAsync<ConfigurationException>(() => users.CreateAsync("bob smith", ApiRole.Operator, "long enough", Now));

        Assert.Contains("already a user named 'root'", taken.Message, StringComparison.Ordinal);
        Assert.Contains("devices use API keys", device.Message, StringComparison.Ordinal);
        Assert.Contains("at least 8 characters", shortPassword.Message, StringComparison.Ordinal);
        Assert.Contains("without spaces", spaced.Message, StringComparison.Ordinal);
        Assert.Single(await users.ListAsync());
    }
}
