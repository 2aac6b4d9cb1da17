using System.CommandLine;
using Auscult.Server;
using Auscult.Server.Auth;
using Auscult.Server.Storage;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult keys create|list|revoke</c>: the service's API keys, straight in its database.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Make, list and revoke the service's API keys (stored hashed; a key is shown once).");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateCreate()
    {
        var store = new ServerStoreOptions();
        var role = CliOptions.Choice("--role", "What the key may do.", ApiRole.Operator,
            ("admin", ApiRole.Admin), ("operator", ApiRole.Operator), ("device", ApiRole.Device));
        role.Required = true;
        var machines = new Option<string?>("--machines") { Description = "For a device key: the machines it may post clips for, comma-separated." };
        var name = new Option<string?>("--name") { Description = "A name to recognise the key by." };
        var command = new Command("create", "Make a key and print it, alone, on standard output (it is never shown again).") { role, machines, name };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[]? list = parse.GetValue(machines)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using var database = await ServerDatabase.OpenAsync(parse, store, cancellationToken);
            var (_, key) = await new KeyStore(database).CreateAsync(parse.GetValue(role), list, parse.GetValue(name), TimeProvider.System.GetUtcNow(),
                cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(key);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var store = new ServerStoreOptions();
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("list", "List the keys: id, role, machines, name, the key's first characters, when made and revoked.") { format };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var database = await ServerDatabase.OpenAsync(parse, store, cancellationToken);
            var keys = await new KeyStore(database).ListAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(output, keys.Select(k => new
                {
                    k.Id,
                    role = WireNames.Of(k.Role),
                    k.Machines,
                    k.Name,
                    k.Prefix,
                    k.CreatedAt,
                    k.RevokedAt,
                }));
                return ExitCodes.Success;
            }

            var table = new TextTable("id", "role", "machines", "name", "key", "created", "revoked");
            foreach (var k in keys)
            {
                table.Add(k.Id, WireNames.Of(k.Role), string.Join(",", k.Machines), k.Name ?? "", k.Prefix + "...", k.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    k.RevokedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            table.Write(output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var store = new ServerStoreOptions();
        var id = new Argument<string>("id") { Description = "The key's id (see `auscult keys list`)." };
        var command = new Command("revoke", "Revoke a key: requests with it are refused from now on.") { id };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string keyId = parse.GetRequiredValue(id);
            await using var database = await ServerDatabase.OpenAsync(parse, store, cancellationToken);
            if (!await new KeyStore(database).RevokeAsync(keyId, TimeProvider.System.GetUtcNow(), cancellationToken))
            {
                throw new InputException($"There is no key '{keyId}' (see `auscult keys list`).");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"revoked {keyId}");
            return ExitCodes.Success;
        });
        return command;
    }
}
