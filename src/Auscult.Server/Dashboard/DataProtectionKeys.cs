using Auscult.Server.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Dashboard;

/// <summary>
/// Keeps the keys that protect sign-in cookies and anti-forgery tokens in the data folder (<c>keys/</c>), so a restart
/// does not sign everybody out and instances that share the data folder accept each other's cookies.
/// </summary>
internal sealed class DataProtectionKeys : IConfigureOptions<KeyManagementOptions>
{
    /// <summary>The folder inside the data folder.</summary>
    public const string FolderName = "keys";

    private readonly AuscultDatabase _database;
    private readonly ILoggerFactory _loggers;

    public DataProtectionKeys(AuscultDatabase database, ILoggerFactory loggers)
    {
        _database = database;
        _loggers = loggers;
    }

    public void Configure(KeyManagementOptions options) =>
        options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(_database.DataDirectory, FolderName)), _loggers);
}
