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
        catch (AuscultException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file system's own messages name the path (e.g. "The file '/x/report' already exists.").
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync(CancelledMessage);
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>Writes System.CommandLine's help with the command's own name in the usage lines.</summary>
    private static async Task WriteHelpAsync(ParseResult parse, InvocationConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        using var help = new StringWriter();
        var capture = new InvocationConfiguration { Output = help, Error = configuration.Error, EnableDefaultExceptionHandler = false };
        await parse.InvokeAsync(capture, cancellationToken);
        string text = help.ToString().Replace($"  {RootCommand.ExecutableName} ", $"  {CommandName} ", StringComparison.Ordinal);
        await output.WriteAsync(text);
    }
}
