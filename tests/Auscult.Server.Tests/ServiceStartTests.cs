using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Auscult.Server.Tests;

/// <summary>What happens when the service starts: migrations, the first admin key, options validation.</summary>
public sealed class ServiceStartTests
{
    [Fact]
    public async Task FirstStart_MigratesSqliteInTheDataFolder_AndPrintsOneAdminKey_StoredOnlyAsAHash()
    {
        using var app = new AuscultApp();

        string key = app.AdminKey;

        Assert.Matches("^ak_[A-Za-z0-9_-]{43}$", key);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, AuscultDatabase.SqliteFileName)));
        var keys = await app.Services.GetRequiredService<KeyStore>().ListAsync();
        Assert.Equal(Auth.ApiRole.Admin, keys.Single().Role);
        string stored = string.Concat(Directory.GetFiles(app.DataDirectory, AuscultDatabase.SqliteFileName + "*")
            .Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains(Auth.ApiKeys.Hash(key), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaults_AreTheDocumentedOnes()
    {
        var options = new ServerOptions();

        Assert.Equal("auscult-data", options.DataDirectory);
        Assert.Equal(16L << 20, options.MaxClipBytes);
        Assert.Equal("http://127.0.0.1:5080", ServerOptions.DefaultUrl);
        Assert.True(new ServerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Auscult:Database", "this is not a connection string", "Auscult:Database")]
    [InlineData("Auscult:Database", "Database=x", "with a host")]
    [InlineData("Auscult:MaxClipBytes", "10", "MaxClipBytes")]
    public void ABadSetting_IsRefused_NamingIt(string setting, string value, string words)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        var options = new ServerOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(ServerOptions.Section), options);

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(words, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadSetting_StopsTheStart()
    {
        using var app = new AuscultApp(settings: new Dictionary<string, string> { ["Auscult:MaxClipBytes"] = "10" });

        // WebApplicationFactory surfaces the failed start as the validation error or, racing with the entry point's own
        // failure, as a disposed container; either way the service does not start.
        Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Empty(Directory.GetFiles(app.DataDirectory));
    }
}
