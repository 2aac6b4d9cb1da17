using System.CommandLine;
using Auscult.Server;
using Auscult.Server.Mqtt;
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
        var broker = new Option<string?>("--broker") { Description = "Subscribe to this MQTT 5 broker for agents' clips: mqtt://HOST:PORT or mqtts://HOST:PORT." };
        var mqttUser = new Option<string?>("--mqtt-username") { Description = "The broker user." };
        var mqttPassword = new Option<string?>("--mqtt-password") { Description = "The broker password (or set AUSCULT_MQTT_PASSWORD)." };
        var mqttCa = new Option<string?>("--mqtt-ca-file") { Description = "A PEM certificate authority for an mqtts:// broker." };
        var mqttClientId = new Option<string?>("--mqtt-client-id") { Description = "This instance's MQTT client id, stable across restarts and unique per instance [default: auscult-<host name>]" };
        var instanceId = new Option<string?>("--instance-id")
        {
            Description = "This instance's name among those sharing the database, stored with each score it makes [default: host name:process id]",
        };
        var mqttListen = new Option<int?>("--mqtt-listen") { Description = "Host an MQTT broker in the service on this port (a site without a broker; single instance only)." };
        var command = new Command("serve",
            "Run the scoring service: POST clips, get verdicts, alerts and machine states over HTTP. Prints its URL and, on first start, an admin key.");
        store.AddTo(command);
        command.Options.Add(urls);
        foreach (var option in new Option[] { instanceId, broker, mqttUser, mqttPassword, mqttCa, mqttClientId, mqttListen })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] args =
            [
                $"--urls={parse.GetRequiredValue(urls)}",
                $"--{ServerOptions.Section}:DataDirectory={parse.GetRequiredValue(store.Data)}",
                $"--{ServerOptions.Section}:Database={parse.GetValue(store.Database) ?? ""}",
                .. parse.GetValue(instanceId) is { } id ? [$"--{ServerOptions.Section}:InstanceId={id}"] : Array.Empty<string>(),
            ];
            string? password = parse.GetValue(mqttPassword) ?? Environment.GetEnvironmentVariable("AUSCULT_MQTT_PASSWORD");
            args =
            [
                .. args,
                .. Setting("Broker", parse.GetValue(broker)), .. Setting("Username", parse.GetValue(mqttUser)), .. Setting("Password", password),
                .. Setting("CaFile", parse.GetValue(mqttCa)), .. Setting("ClientId", parse.GetValue(mqttClientId)),
                .. Setting("ListenPort", parse.GetValue(mqttListen)?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ];
            await RunAsync(args, parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Setting(string name, string? value) => value is null ? [] : [$"--{MqttOptions.Section}:{name}={value}"];

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
