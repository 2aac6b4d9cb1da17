using System.CommandLine;
using Auscult.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult serve</c>: the scoring service (HTTP API, storage, alerts) until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var store = new ServerStoreOptions();
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://0.0.0.0:5080.", DefaultValueFactory = _ => ServerOptions.DefaultUrl };
        var command = new Command("serve",
            "Run the scoring service: POST clips, get verdicts, alerts and machine states over HTTP. Prints its URL and, on first start, an admin key.");
        store.AddTo(command);
        command.Options.Add(urls);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] args =
            [
                $"--urls={parse.GetRequiredValue(urls)}",
                $"--{ServerOptions.Section}:DataDirectory={parse.GetRequiredValue(store.Data)}",
                $"--{ServerOptions.Section}:Database={parse.GetValue(store.Database) ?? ""}",
            ];
            await RunAsync(args, parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = AuscultServer.Build(AuscultServer.CreateBuilder(args, output));
        try
        {
            await app.StartAsync(cancellationToken);
            // Ctrl-C (the token) or the host's own shutdown (SIGTERM) ends it.
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new ConfigurationException(string.Join(" ", e.Failures));
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"cannot listen on {string.Join(", ", args[0]["--urls=".Length..])}: {e.Message}");
        }
    }
}
