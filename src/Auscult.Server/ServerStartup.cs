using Auscult.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Auscult.Server;

/// <summary>
/// Before the server listens: applies the schema migrations and, on a database without keys, makes the first admin key
/// and prints it once. After it listens: prints where.
/// </summary>
public sealed class ServerStartup : IHostedLifecycleService
{
    private readonly AuscultDatabase _database;
    private readonly KeyStore _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ServerConsole _console;
    private readonly IServer _server;

    public ServerStartup(AuscultDatabase database, KeyStore keys, TimeProvider timeProvider, ServerConsole console, IServer server)
    {
        _database = database;
        _keys = keys;
        _timeProvider = timeProvider;
        _console = console;
        _server = server;
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await _database.MigrateAsync(_timeProvider, cancellationToken);
        string? key = await _keys.CreateFirstAdminAsync(_timeProvider.GetUtcNow(), cancellationToken);
        if (key is not null)
        {
            await _console.Output.WriteLineAsync($"First start: an admin key was made. It is shown only this once; keep it safe:");
            await _console.Output.WriteLineAsync($"  {key}");
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (string address in addresses)
        {
            await _console.Output.WriteLineAsync($"Auscult is listening on {address} ({_database.Dialect.Describe()}; data in {_database.DataDirectory})");
            await _console.Output.WriteLineAsync($"  API reference: {address.TrimEnd('/')}/scalar/v1");
        }

        await _console.Output.FlushAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
