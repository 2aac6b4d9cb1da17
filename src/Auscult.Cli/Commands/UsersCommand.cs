using System.CommandLine;
using Auscult.Server;
using Auscult.Server.Auth;
using Auscult.Server.Storage;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult users create</c>: people who sign in to the dashboard, straight in the service's database.</summary>
internal static class UsersCommand
{
    /// <param name="input">Where the password is read from; standard input when null.</param>
    public static Command Create(TextReader? input = null)
    {
        var command = new Command("users", "Make dashboard users (name and password; the password is stored hashed).");
        command.Subcommands.Add(CreateCreate(input));
        return command;
    }

    private static Command CreateCreate(TextReader? input)
    {
        var store = new ServerStoreOptions();
        var role = CliOptions.Choice("--role", "What the user may do: operators see and label, admins also manage models.", ApiRole.Operator,
            ("admin", ApiRole.Admin), ("operator", ApiRole.Operator));
        role.Required = true;
        var name = new Option<string>("--name") { Description = "The name to sign in with.", Required = true };
        var command = new Command("create",
            $"Make a user. The password is read from standard input (its first line; at least {UserStore.MinPasswordLength} characters), never from the command line.")
        {
            role, name,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string password = (await (input ?? Console.In).ReadLineAsync(cancellationToken))?.TrimEnd('\r')
                ?? throw new InputException("No password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | auscult users create ...`.");
            await using var database = await ServerDatabase.OpenAsync(parse, store, cancellationToken);
            var user = await new UserStore(database).CreateAsync(parse.GetRequiredValue(name), parse.GetValue(role), password, TimeProvider.System.GetUtcNow(),
                cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"created {WireNames.Of(user.Role)} user '{user.Name}' ({user.Id})");
            return ExitCodes.Success;
        });
        return command;
    }
}
