using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Auscult.Agent;
using Auscult.Agent.Sources;
using Auscult.Agent.Spool;
using Auscult.Agent.Transport;
using Auscult.Data;
using Auscult.Data.Scenarios;
using Auscult.Server;
using Auscult.Server.Alerting;
using Auscult.Server.Auth;
using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Auscult.Torch.Models;
using Auscult.Torch.Workflows;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Auscult.Cli;

/// <summary>
/// <c>auscult demo --live</c>: the service on the embedded default storage in the demo folder, a fan model trained once
/// (then reused), and four synthetic fans replayed through the edge agent's code over HTTP on an accelerated clock:
/// fan-01 develops a fault, fan-02's microphone loses 12 dB, fan-03 goes offline, fan-04 runs normally.
/// </summary>
/// <remarks>
/// The service keeps the real clock (sign-in sessions, keys and the dashboard's "3 min ago" stay true); the clips carry
/// their recording times from the replayed week, which ends when the demo started, and the offline period is scaled to
/// the replay's speed (six recording intervals), so a machine that stops sending turns offline within seconds.
/// </remarks>
internal static class LiveDemo
{
    /// <summary>The demo user's name.</summary>
    public const string UserName = "demo";

    private const string DataFolder = "data";
    private const string ModelFolder = "model";
    private const string SpoolFolder = "spool";
    private const string ModelFile = "fan.auscult";
    private const string ModelKeyFile = "fan.json";

    /// <summary>The fans and what happens to each: the scenario, and the day its event starts as a fraction of the replay.</summary>
    private static readonly (string MachineId, DriftScenario Scenario, double EventAt, string Story)[] Fleet =
    [
        ("fan-01", DriftScenario.GrowingFault, 1 / 7.0, "develops an unbalance"),
        ("fan-02", DriftScenario.MicGainDrop, 3 / 7.0, "its microphone loses 12 dB"),
        ("fan-03", DriftScenario.Steady, 4 / 7.0, "goes offline"),
        ("fan-04", DriftScenario.Steady, 1.0, "runs normally"),
    ];

    public static async Task RunAsync(LiveDemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Days is < 1 or > 366)
        {
            throw new ConfigurationException($"--days {options.Days}: give 1 to 366.");
        }

        if (options.ReplayTime < TimeSpan.FromSeconds(1) || options.ClipEvery < options.ClipDuration || options.ClipEvery > TimeSpan.FromDays(1))
        {
            throw new ConfigurationException("--replay-time must be at least 1 s, and --clip-every between the clip's duration and a day.");
        }

        string folder = Path.GetFullPath(options.Folder);
        PrepareFolder(folder, options.Overwrite);
        string model = await ModelAsync(options, Path.Combine(folder, ModelFolder), output, cancellationToken);

        // Six recording intervals (at most half a day) of silence make a machine offline, scaled to the replay's speed.
        var silence = TimeSpan.FromTicks(Math.Min((options.ClipEvery * 6).Ticks, TimeSpan.FromHours(12).Ticks));
        var offlineAfter = TimeSpan.FromSeconds(Math.Max(2, Math.Ceiling(silence.TotalSeconds / options.Speed)));
        var builder = AuscultServer.CreateBuilder(
        [
            $"--urls={options.Urls}",
            $"--{ServerOptions.Section}:DataDirectory={Path.Combine(folder, DataFolder)}",
            $"--Auscult:Alerts:OfflineAfter={offlineAfter.ToString("c", CultureInfo.InvariantCulture)}",
        ], TextWriter.Null);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = AuscultServer.Build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new ConfigurationException(string.Join(" ", e.Failures));
        }
        catch (IOException e)
        {
            throw new ConfigurationException($"cannot listen on {options.Urls}: {e.Message} (give another address with --urls)");
        }

        try
        {
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var (password, deviceKey) = await SetUpAsync(app.Services, model, cancellationToken);
            await output.WriteLineAsync($"dashboard: {url}/   sign in as '{UserName}' with password {password} (an admin)");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"replaying {options.Days} days of 4 fans in {CliOptions.Human(options.ReplayTime)} (a clip per fan every {options.ClipEvery.TotalMinutes:0} min of recording; {options.Speed:0}x): {string.Join(", ", Fleet.Select(f => $"{f.MachineId} {f.Story}"))}"));
            await output.WriteLineAsync(options.StopAfterReplay ? "" : "Ctrl+C stops the demo.");
            await output.FlushAsync(cancellationToken);

            await ReplayAsync(options, folder, url, deviceKey, output, cancellationToken);
            if (options.StopAfterReplay)
            {
                // The background tick stores 'offline' within a minute; a demo that stops at once stores it now (the
                // machine that went offline has been silent for days of the replay; the others sent their last clip just now).
                await app.Services.GetRequiredService<MachineAlertService>().TickAsync(cancellationToken: cancellationToken);
            }

            await WriteStatesAsync(app.Services, output, cancellationToken);
            if (!options.StopAfterReplay)
            {
                await output.WriteLineAsync($"the replay is over; the dashboard stays up at {url}/ until Ctrl+C");
                await output.FlushAsync(cancellationToken);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("stopping the demo");
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(stopping.Token);
        }
    }

    /// <summary>The demo folder holds only what the demo writes; an earlier run's service data is replaced only with --overwrite.</summary>
    private static void PrepareFolder(string folder, bool overwrite)
    {
        if (File.Exists(folder))
        {
            throw new InputException($"{folder}: is a file; --out names a folder.");
        }

        var foreign = Directory.Exists(folder)
            ? Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(n => n is not (DataFolder or ModelFolder or SpoolFolder)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (foreign.Count > 0)
        {
            throw new InputException($"{folder}: holds files the live demo did not write ({string.Join(", ", foreign.Take(5))}); give an empty or new folder with --out.");
        }

        string data = Path.Combine(folder, DataFolder);
        if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
        {
            if (!overwrite)
            {
                throw new InputException($"{data}: holds an earlier live demo's service data (users, clips, alerts); pass --overwrite to start afresh, or give another folder with --out.");
            }

            Directory.Delete(data, recursive: true);
        }

        string spool = Path.Combine(folder, SpoolFolder);
        if (Directory.Exists(spool))
        {
            Directory.Delete(spool, recursive: true);
        }

        Directory.CreateDirectory(folder);
    }

    /// <summary>The cached fan model when it was trained with these settings; otherwise trains it on a day of normal clips of four fans.</summary>
    private static async Task<string> ModelAsync(LiveDemoOptions options, string folder, TextWriter output, CancellationToken cancellationToken)
    {
        AutoencoderPreset preset = AutoencoderPreset.Default;
        if (options.Epochs is int epochs)
        {
            preset = (preset with { Epochs = epochs }).Validate();
        }

        var training = new ScenarioOptions
        {
            Scenario = DriftScenario.Steady, Days = 1, Machines = 4, ClipDuration = options.ClipDuration, Interval = options.ClipEvery,
            Seed = unchecked(options.Seed + 1000),
        };
        string key = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["version"] = typeof(LiveDemo).Assembly.GetName().Version?.ToString() ?? "",
            ["preset"] = preset.Name,
            ["epochs"] = preset.Epochs.ToString(CultureInfo.InvariantCulture),
            ["clipSeconds"] = options.ClipDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["clipEvery"] = options.ClipEvery.ToString("c", CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        });
        string path = Path.Combine(folder, ModelFile);
        string keyPath = Path.Combine(folder, ModelKeyFile);
        if (File.Exists(path) && File.Exists(keyPath) && await File.ReadAllTextAsync(keyPath, cancellationToken) == key)
        {
            await output.WriteLineAsync($"using the cached fan model {path}");
            return path;
        }

        Directory.CreateDirectory(folder);
        string clips = Path.Combine(folder, "training");
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var manifest = new ScenarioGenerator().Write(training, clips, cancellationToken: cancellationToken);
            var entries = ScenarioGenerator.Plan(training)
                .Select(c => new CatalogEntry(Path.Combine(clips, c.RelativePath), c.RelativePath, "fan", c.MachineId, Domain.None, DataSplit.Train, ClipLabel.Normal))
                .ToList();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"training the fan model ({preset.Name}, {preset.Epochs} epochs) on {manifest.ClipCount} normal clips of 4 fans; it is cached for the next run"));
            using var trained = await Task.Run(() => AutoencoderTraining.Train(new ClipSelection.Selection(clips, "fan", null, entries),
                new AutoencoderTrainingOptions { Preset = preset, Seed = (int)(options.Seed % int.MaxValue) }, null, cancellationToken), cancellationToken);
            trained.Bundle.Save(path, cancellationToken);
            await File.WriteAllTextAsync(keyPath, key, cancellationToken);
            await output.WriteLineAsync($"trained in {CliOptions.Human(started.Elapsed)}: {path}");
            return path;
        }
        finally
        {
            if (Directory.Exists(clips))
            {
                Directory.Delete(clips, recursive: true);
            }
        }
    }

    /// <summary>The demo user (a new password each run), the agent's device key, the fans registered, and the model active for fans.</summary>
    private static async Task<(string Password, string DeviceKey)> SetUpAsync(IServiceProvider services, string model, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        string password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await services.GetRequiredService<UserStore>().CreateAsync(UserName, ApiRole.Admin, password, now, cancellationToken);
        var machines = services.GetRequiredService<MachineStore>();
        foreach (var (id, _, _, story) in Fleet)
        {
            await machines.UpsertAsync(id, new MachineRegistration("fan", $"Fan {id[^2..]} ({story})", "demo hall"), now, cancellationToken);
        }

        var (_, key) = await services.GetRequiredService<KeyStore>().CreateAsync(ApiRole.Device, [.. Fleet.Select(f => f.MachineId)], "live demo agent", now,
            cancellationToken);
        var registry = services.GetRequiredService<ModelRegistry>();
        await using var bundle = File.OpenRead(model);
        var (record, _) = await registry.UploadAsync(bundle, long.MaxValue, "live demo", cancellationToken);
        await registry.ActivateAsync(record.Id, new ActivationRequest("fan", null), "live demo", cancellationToken);
        return (password, key);
    }

    /// <summary>The week through the agent: synthesised when due, spooled, posted to the service; returns when all is delivered.</summary>
    private static async Task ReplayAsync(LiveDemoOptions options, string folder, string url, string deviceKey, TextWriter output,
        CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-options.Days);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
        var clips = Plan(options, start);
        int day = -1;
        var console = TextWriter.Synchronized(output);
        var source = new ScenarioReplaySource(clips, options.Speed, yielded: clip =>
        {
            int today = (int)((clip.Clip.RecordedAt - start) / TimeSpan.FromDays(1));
            if (today != Interlocked.Exchange(ref day, today))
            {
                console.WriteLine($"day {today + 1} of {options.Days} ({clip.Clip.RecordedAt:yyyy-MM-dd})");
            }
        });
        var spool = ClipSpool.Open(Path.Combine(folder, SpoolFolder), 1L << 30, durable: false);
        await using var transport = new HttpClipTransport(url, deviceKey);
        var agent = new EdgeAgent(new AgentOptions { DeviceId = "live-demo", StatusInterval = TimeSpan.FromMinutes(1) }, spool, transport, [source],
            console);
        var result = await agent.RunAsync(cancellationToken);
        if (result.Rejected > 0 || result.Dropped > 0)
        {
            await console.WriteLineAsync($"warning: {result.Rejected} clips rejected, {result.Dropped} dropped ({result.LastError})");
        }
    }

    /// <summary>Every fan's clips for the replay: its scenario, each fan its own seed; fan-03's clips stop at its event.</summary>
    internal static IReadOnlyList<ScheduledClip> Plan(LiveDemoOptions options, DateTimeOffset start)
    {
        var clips = new List<ScheduledClip>();
        for (int f = 0; f < Fleet.Length; f++)
        {
            var (id, scenario, eventAt, _) = Fleet[f];
            int eventDay = Math.Clamp((int)Math.Round(options.Days * eventAt), 0, options.Days - 1);
            var scenarioOptions = new ScenarioOptions
            {
                Scenario = scenario, Days = options.Days, Machines = 1, EventDay = eventDay, ClipDuration = options.ClipDuration,
                Interval = options.ClipEvery, Start = start, Seed = unchecked(options.Seed + (ulong)f + 1),
            };
            var offlineFrom = id == "fan-03" ? start + (TimeSpan.FromDays(options.Days) * eventAt) : DateTimeOffset.MaxValue;
            clips.AddRange(ScenarioGenerator.Plan(scenarioOptions).Where(c => c.RecordedAt < offlineFrom).Select(c => new ScheduledClip(id, "fan", c)));
        }

        return clips;
    }

    private static async Task WriteStatesAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var status = services.GetRequiredService<MachineStatus>();
        var views = new List<string>();
        foreach (var machine in await services.GetRequiredService<MachineStore>().ListAsync(cancellationToken: cancellationToken))
        {
            var view = await status.ViewAsync(machine, cancellationToken);
            views.Add($"{machine.Id} {WireNames.Of(view.State)}{(view.OpenAlerts.Count > 0 ? $" ({view.OpenAlerts.Count} open alert{(view.OpenAlerts.Count == 1 ? "" : "s")})" : "")}");
        }

        await output.WriteLineAsync($"states now: {string.Join(", ", views)}");
    }
}
