
namespace Auscult.Cli.Tests;

/// <summary>Runs one <c>auscult</c> command line in-process and captures what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> Of(params string[] args) => Of(args, CancellationToken.None);

    /// <summary>Runs with a token that plays the part of Ctrl-C.</summary>
    public static async Task<CliRun> Of(string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await AuscultCli.RunAsync(args, output, error, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
