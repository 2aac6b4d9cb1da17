using System.Text.RegularExpressions;
using System.CommandLine;

namespace Auscult.Cli;

/// <summary>Builds the <c>auscult</c> command tree and runs it with the writers it is given.</summary>
public static class AuscultCli
{
    private const string CancelledMessage = "cancelled: nothing was left half-written.";

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Auscult listens to industrial machines and tells when one sounds wrong.");
        // Each command is a small factory over library calls; register new ones here.
        root.Subcommands.Add(Commands.InfoCommand.Create());
        root.Subcommands.Add(Commands.ExploreCommand.Create());
        root.Subcommands.Add(Commands.FeaturesCommand.Create());
        root.Subcommands.Add(Commands.SynthCommand.Create());
        root.Subcommands.Add(Commands.TrainCommand.Create());
        root.Subcommands.Add(Commands.ScoreCommand.Create());
        root.Subcommands.Add(Commands.EvaluateCommand.Create());
        root.Subcommands.Add(Commands.CompareCommand.Create());
        root.Subcommands.Add(Commands.SpectrogramsCommand.Create());
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.AgentCommand.Create());
        root.Subcommands.Add(Commands.ServeCommand.Create());
        root.Subcommands.Add(Commands.KeysCommand.Create());
        root.Subcommands.Add(Commands.LoadgenCommand.Create());
        root.Subcommands.Add(Commands.DriftCommand.Create());
        root.Subcommands.Add(Commands.UsersCommand.Create());
        return root;
    }

    /// <summary>The name users type; System.CommandLine would show the assembly's (<c>Auscult.Cli</c>) in usage lines.</summary>
    public const string CommandName = "auscult";

    /// <summary>
    /// Runs one command line. Errors the user can act on (<see cref="AuscultException"/>) print one line naming the
    /// file and the problem, never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C cancels the action's token; give it time to stop between steps and clean up before the process ends.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
        };

        // A bare `auscult` is a new user's first try: show what it can do.
        args = args.Length == 0 ? ["--help"] : args;
        CliOutputs.BeginRun();
        int result = await RunCommandAsync(args, output, error, configuration, cancellationToken);
        if (result is not (ExitCodes.Success or ExitCodes.AnomalyFound))
        {
            CliOutputs.RemoveEmptyCreatedFolders();
        }

        return result;
    }

    private static async Task<int> RunCommandAsync(string[] args, TextWriter output, TextWriter error, InvocationConfiguration configuration,
        CancellationToken cancellationToken)
    {
        try
        {
            ParseResult parse = CreateRootCommand().Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
            {
                // System.CommandLine would exit with 1, which `score --fail-on-anomaly` uses for "anomaly found".
                foreach (var parseError in parse.Errors)
                {
                    await error.WriteLineAsync($"error: {parseError.Message}");
                }

                await error.WriteLineAsync("Run 'auscult --help' (or 'auscult <command> --help') for usage.");
                return ExitCodes.InputError;
            }

            if (parse.Action is System.CommandLine.Help.HelpAction)
            {
                await WriteHelpAsync(parse, configuration, output, cancellationToken);
                return ExitCodes.Success;
            }

            int code = await parse.InvokeAsync(configuration, cancellationToken);
            if (code == ExitCodes.Cancelled)
            {
                // On Ctrl-C System.CommandLine cancels the action's token and returns 130 itself.
                await error.WriteLineAsync(CancelledMessage);
            }

            return code;
        }
        catch (Exception e) when (CliErrors.IsCancellation(e))
        {
            await error.WriteLineAsync(CancelledMessage);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (CliErrors.Describe(e) is not null)
        {
            // Library errors and file-system errors (also from inside parallel loops) print one line naming the path.
            await error.WriteLineAsync($"error: {CliErrors.Describe(e)}");
            return ExitCodes.InputError;
        }
    }

    /// <summary>Writes System.CommandLine's help with the command's own name in the usage lines.</summary>
    private static async Task WriteHelpAsync(ParseResult parse, InvocationConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        using var help = new StringWriter();
        var capture = new InvocationConfiguration { Output = help, Error = configuration.Error, EnableDefaultExceptionHandler = false };
        await parse.InvokeAsync(capture, cancellationToken);
        string text = help.ToString().Replace($"  {RootCommand.ExecutableName} ", $"  {CommandName} ", StringComparison.Ordinal);
        // Choice options show their default as the word the user types ("reflect"), not the value's ToString
        // ("Reflect", or a record's dump), which help would print and wrap over several lines.
        foreach (var option in parse.CommandResult.Command.Options)
        {
            if (CliOptions.DefaultWords.TryGetValue(option, out var word))
            {
                string pattern = Regex.Escape($"[default: {word.Item2}]").Replace("\\ ", "\\s+", StringComparison.Ordinal);
                text = Regex.Replace(text, pattern, $"[default: {word.Item1}]");
            }
        }

        await output.WriteAsync(text);
    }
}
