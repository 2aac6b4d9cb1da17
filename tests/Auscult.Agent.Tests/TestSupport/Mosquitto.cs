using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>
/// A private mosquitto 2 broker for one test: a free loopback port, a temp folder with its configuration, a password
/// file (<c>mosquitto_passwd -b</c>), an ACL and persistence (so a subscriber's session survives a restart). Tests that
/// need it use <see cref="MosquittoFactAttribute"/>, which skips them when mosquitto is not installed.
/// </summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    public const string MissingReason = "mosquitto is not installed (apt install mosquitto; .ci/apt-packages lists it); skipped.";

    private readonly string _folder;
    private Process? _process;

    private Mosquitto(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The broker binary, or null when absent.</summary>
    public static string? Executable { get; } = Find("mosquitto");

    private static string? PasswdExecutable { get; } = Find("mosquitto_passwd");

    public static bool Available => Executable is not null && PasswdExecutable is not null;

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>The broker's log (for a failing test's message).</summary>
    public string Log => File.Exists(Path.Combine(_folder, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_folder, "mosquitto.log")) : "";

    /// <summary>Starts a broker with these users and this ACL (mosquitto's acl_file syntax).</summary>
    public static async Task<Mosquitto> StartAsync(string folder, IReadOnlyList<(string User, string Password)> users, string acl)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        string passwords = await PasswordFileAsync(folder, users);

        File.WriteAllText(Path.Combine(folder, "acl"), acl);
        return await StartConfiguredAsync(folder, port => $"""
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(folder, "acl")}
            persistence true
            persistence_location {Path.Combine(folder, "data")}/
            log_dest file {Path.Combine(folder, "mosquitto.log")}
            log_type error
            log_type warning
            log_type notice
            log_type information
            max_queued_messages 10000
            {(Environment.UserName == "root" ? "user root" : "")}
            """);
    }

    /// <summary>Writes the password file <c>{folder}/passwd</c> with these users (<c>mosquitto_passwd -b</c>).</summary>
    public static async Task<string> PasswordFileAsync(string folder, IReadOnlyList<(string User, string Password)> users)
    {
        Directory.CreateDirectory(folder);
        string passwords = Path.Combine(folder, "passwd");
        for (int i = 0; i < users.Count; i++)
        {
            await RunAsync(PasswdExecutable!, i == 0 ? ["-c", "-b", passwords, users[i].User, users[i].Password] : ["-b", passwords, users[i].User, users[i].Password]);
        }

        return passwords;
    }

    /// <summary>
    /// Starts a broker with the configuration <paramref name="configForPort"/> writes for a free port (its log must go to
    /// <c>{folder}/mosquitto.log</c>). The port is probed, then bound by mosquitto: another process may take it in
    /// between; then mosquitto exits with "Address already in use" and the broker starts again on another free port.
    /// </summary>
    public static async Task<Mosquitto> StartConfiguredAsync(string folder, Func<int, string> configForPort)
    {
        Directory.CreateDirectory(folder);
        for (int attempt = 1; ; attempt++)
        {
            int port = LoopbackHttp.FreePort();
            File.WriteAllText(Path.Combine(folder, "mosquitto.conf"), configForPort(port));
            var broker = new Mosquitto(folder, port);
            try
            {
                await broker.StartAgainAsync();
                return broker;
            }
            catch (PortTakenException) when (attempt < 10)
            {
                await broker.DisposeAsync();
            }
        }
    }


    /// <summary>
    /// (Re)starts the broker on the same port and waits until it says it is running (its log appends "running" once
    /// it has bound its listener) and accepts connections.
    /// </summary>
    public async Task StartAgainAsync()
    {
        int runningBefore = Count(Log, " running");
        var start = new ProcessStartInfo(Executable!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_folder, "mosquitto.conf"));
        _process = Process.Start(start)!;
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (Count(Log, " running") > runningBefore)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", Port);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < limit)
                {
                    // Not accepting yet.
                }
            }
            else if (_process.HasExited || DateTime.UtcNow > limit)
            {
                string errors = $"{await _process.StandardError.ReadToEndAsync()} {Log}";
                throw errors.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new PortTakenException($"port {Port} was taken: {errors}")
                    : new InvalidOperationException($"mosquitto did not start on port {Port}: {errors}");
            }

            await Task.Delay(20);
        }
    }

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process?.Kill();
            if (_process is not null)
            {
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        _process?.Dispose();
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {errors}");
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed class PortTakenException(string message) : Exception(message);
}

/// <summary>A fact that is skipped, saying why, when mosquitto is not installed.</summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (!Mosquitto.Available)
        {
            Skip = Mosquitto.MissingReason;
        }
    }
}
