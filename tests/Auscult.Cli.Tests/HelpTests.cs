
namespace Auscult.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("auscult [command] [options]", "--help")]
    [InlineData("auscult train [options]", "train", "--help")]
    [InlineData("auscult score <inputs>... [options]", "score", "-h")]
    public async Task Help_ShowsTheCommandsOwnNameInUsage(string usage, params string[] args)
    {
        var run = await CliRun.Of(args);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(usage, run.Output);
        Assert.DoesNotContain(System.CommandLine.RootCommand.ExecutableName + " ", run.Output);
    }
}
