using System.CommandLine;
using Auscult.Server;

namespace Auscult.Cli.Commands;

/// <summary><c>--data</c> and <c>--database</c>, shared by <c>serve</c> and <c>keys</c>: where the service keeps its state.</summary>
internal sealed class ServerStoreOptions
{
    public Option<string> Data { get; } = new("--data")
    {
        Description = "The data folder: clip audio, model bundles, and the SQLite database unless --database is given.",
        DefaultValueFactory = _ => new ServerOptions().DataDirectory,
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = "A PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...); several instances may share it.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Database);
    }
}
