using System.CommandLine;
using Auscult.Server.Storage;

namespace Auscult.Cli.Commands;

/// <summary>Opens the service's database for the commands that work on it directly (<c>keys</c>, <c>users</c>), migrated to this build's schema.</summary>
internal static class ServerDatabase
{
    public static async Task<AuscultDatabase> OpenAsync(ParseResult parse, ServerStoreOptions store, CancellationToken cancellationToken)
    {
        var database = AuscultDatabase.Open(parse.GetRequiredValue(store.Data), parse.GetValue(store.Database));
        try
        {
            await database.MigrateAsync(TimeProvider.System, cancellationToken);
            return database;
        }
        catch (System.Data.Common.DbException e)
        {
            await database.DisposeAsync();
            throw new ConfigurationException($"The database ({database.Dialect.Describe()}) cannot be opened: {e.Message}");
        }
    }
}
