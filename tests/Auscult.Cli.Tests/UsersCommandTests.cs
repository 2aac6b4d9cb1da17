using System.CommandLine;
using Auscult.Cli.Commands;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

/// <summary><c>auscult users create</c>: the password comes from standard input, the user can then sign in.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UsersCreate_ReadsThePasswordFromInput_AndTheUserVerifies()
    {
        string data = _temp.Combine("data");

        var (code, output) = await RunAsync("correct horse\n", "users", "create", "--data", data, "--role", "admin", "--name", "ada");

        Assert.Equal(0, code);
        Assert.StartsWith("created admin user 'ada' (user_", output, StringComparison.Ordinal);
        await using var database = AuscultDatabase.Open(data, null);
        var user = await new UserStore(database).VerifyAsync("ada", "correct horse");
        Assert.NotNull(user);
        Assert.Equal(ApiRole.Admin, user.Role);
    }

    [Fact]
    public async Task UsersCreate_WithAShortPassword_IsRefusedWithTheReason()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            RunAsync("short\n", "users", "create", "--data", _temp.Combine("data"), "--role", "operator", "--name", "bob"));

        Assert.Contains("at least 8 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_WithNothingOnInput_SaysHowToPipeThePassword()
    {
        var error = await Assert.ThrowsAsync<InputException>(() =>
            RunAsync("", "users", "create", "--data", _temp.Combine("data"), "--role", "operator", "--name", "bob"));

        Assert.Contains("No password on standard input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_TheDeviceRole_IsNotAChoice()
    {
        var run = await CliRun.Of("users", "create", "--data", _temp.Combine("data"), "--role", "device", "--name", "edge");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("device", run.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string input, params string[] args)
    {
        var root = new RootCommand { UsersCommand.Create(new StringReader(input)) };
        using var output = new StringWriter();
        int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = TextWriter.Null, EnableDefaultExceptionHandler = false });
        return (code, output.ToString());
    }
}
