using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Data.Synthesis;
using Auscult.Torch.Models;
using Auscult.Torch.Workflows;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult demo</c>: the main job on the built-in default data. Synthesises a labelled fan data set, trains the
/// default autoencoder on its normal training clips and the supervised classifier on its labelled training clips,
/// evaluates both on the same held-out clips and writes every output with the side-by-side report (what
/// <c>auscult compare</c> does).
/// </summary>
internal static class DemoCommand
{
    public const string DefaultFolder = "auscult-demo";

    /// <summary>The live demo's default folder.</summary>
    public const string LiveFolder = "auscult-live-demo";

    /// <summary>Abnormal clips per machine id: enough that the classifier trains on more than the measured break-even.</summary>
    public const int AbnormalClipsPerId = 30;

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the data, the models and the evaluations.", DefaultValueFactory = _ => DefaultFolder };
        var epochs = new Option<int?>("--epochs") { Description = "Override the autoencoder preset's epoch count (for a quicker look)." };
        var budget = new Option<string>("--budget") { Description = "Time the classifier may spend searching its settings, with its unit: s, m or h (e.g. 90s, 10m).", DefaultValueFactory = _ => "90s" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic data and of training.", DefaultValueFactory = _ => 1UL };
        var live = new Option<bool>("--live")
        {
            Description = "Instead: start the service and dashboard, train (or reuse) a fan model, and replay a week of four synthetic fans through the agent in a few minutes (a fault, a failing microphone, a machine going offline); Ctrl+C stops it.",
        };
        var urls = new Option<string>("--urls") { Description = "With --live: where the dashboard listens.", DefaultValueFactory = _ => Server.ServerOptions.DefaultUrl };
        var days = new Option<int>("--days") { Description = "With --live: recorded days replayed.", DefaultValueFactory = _ => 7 };
        var replayTime = new Option<string>("--replay-time") { Description = "With --live: how long the replay of those days takes, with its unit (s, m, h).", DefaultValueFactory = _ => "5m" };
        var clipEvery = new Option<string>("--clip-every") { Description = "With --live: recording time between two clips of a fan (s, m, h).", DefaultValueFactory = _ => "1h" };
        var overwrite = new Option<bool>("--overwrite") { Description = "With --live: replace an earlier live demo's service data (users, clips, alerts) in the folder." };
        var stopAfterReplay = new Option<bool>("--stop-after-replay") { Description = "With --live: stop once the replay is delivered instead of serving until Ctrl+C.", Hidden = true };
        var command = new Command("demo", "Run the whole workflow on built-in synthetic fan sounds: synthesise, train the autoencoder and the classifier, evaluate and compare them, report. With --live: the service, the dashboard and an agent replaying a week of fans.")
        {
            output, epochs, budget, seed, live, urls, days, replayTime, clipEvery, overwrite, stopAfterReplay,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool isLive = parse.GetValue(live);
            CliOptions.RefuseUnless(parse, isLive, "without --live", urls, days, replayTime, clipEvery, overwrite, stopAfterReplay);
            CliOptions.RefuseUnless(parse, !isLive, "with --live (it trains only the autoencoder)", budget);
            if (isLive)
            {
                var options = new LiveDemoOptions
                {
                    Folder = parse.GetResult(output) is { Implicit: false } ? parse.GetRequiredValue(output) : LiveFolder,
                    Urls = parse.GetRequiredValue(urls),
                    Days = parse.GetValue(days),
                    ReplayTime = CliOptions.ParseDuration(parse.GetRequiredValue(replayTime), "--replay-time"),
                    ClipEvery = CliOptions.ParseDuration(parse.GetRequiredValue(clipEvery), "--clip-every"),
                    Epochs = parse.GetValue(epochs),
                    Seed = parse.GetValue(seed),
                    Overwrite = parse.GetValue(overwrite),
                    StopAfterReplay = parse.GetValue(stopAfterReplay),
                };
                await LiveDemo.RunAsync(options, parse.InvocationConfiguration.Output, cancellationToken);
                return ExitCodes.Success;
            }

            await RunAsync(parse.GetRequiredValue(output), parse.GetValue(epochs), CliOptions.ParseDuration(parse.GetRequiredValue(budget)),
                parse.GetValue(seed), parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Whether a top-level entry of the demo folder is one the demo writes (its data, models, evaluations and report).</summary>
    private static bool IsDemoOutput(string name) =>
        name is "data" or ComparisonOutput.AutoencoderFile or ComparisonOutput.ClassifierFile or "autoencoder" or "classifier"
            or "report.html" or "comparison.json"
        || name.EndsWith(".png", StringComparison.Ordinal);

    internal static async Task RunAsync(string folder, int? epochs, TimeSpan budget, ulong seed, TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string dataFolder = Path.Combine(folder, "data");
        var synthesis = new SynthesisOptions
        {
            OutputFolder = dataFolder,
            MachineTypes = [MachineType.Fan],
            AbnormalClipsPerId = AbnormalClipsPerId,
            Seed = seed,
        };
        string planned = SyntheticDatasetWriter.FormatManifest(SyntheticDatasetWriter.Plan(synthesis));
        string manifestPath = Path.Combine(dataFolder, SyntheticDatasetWriter.ManifestFileName);
        bool reuse = File.Exists(manifestPath) && File.ReadAllText(manifestPath) == planned;
        if (!reuse && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new InputException($"{folder}: the folder exists and is not an earlier demo of this version with the same seed; give an empty or new folder with --out.");
        }

        // A second run replaces the earlier run's models and reports, never a file the demo did not write.
        List<string> foreign = reuse
            ? Directory.EnumerateFileSystemEntries(folder).Select(e => Path.GetFileName(e)).Where(name => !IsDemoOutput(name)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (foreign.Count > 0)
        {
            throw new InputException(
                $"{folder}: holds files the demo did not write ({string.Join(", ", foreign.Take(5))}); move them, or give an empty or new folder with --out.");
        }

        if (File.Exists(folder))
        {
            throw new InputException($"{folder}: is a file; --out names a folder.");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"data: synthetic fan sounds, 4 machine ids, {synthesis.NormalClipsPerId} normal and {AbnormalClipsPerId} labelled abnormal clips each, 6 dB SNR"));
        if (reuse)
        {
            await output.WriteLineAsync($"using the clips already in {dataFolder}; replacing the models and reports of the earlier run");
        }
        else
        {
            await CliSynthesis.WriteAsync(synthesis, output, cancellationToken);
        }

        AutoencoderPreset preset = AutoencoderPreset.Default;
        if (epochs is int n)
        {
            preset = (preset with { Epochs = n }).Validate();
        }

        int trainingSeed = (int)(seed % int.MaxValue);
        var options = new ComparisonOptions
        {
            Autoencoder = new AutoencoderTrainingOptions { Preset = preset, Seed = trainingSeed },
            Classifier = new ClassifierTrainingOptions { Budget = budget, Seed = trainingSeed },
        };
        await ComparisonOutput.RunAsync(ClipCatalog.Discover(dataFolder), null, options, folder, output, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done in {CliOptions.Human(stopwatch.Elapsed)}: models {Path.Combine(folder, ComparisonOutput.AutoencoderFile)} and {Path.Combine(folder, ComparisonOutput.ClassifierFile)}, report {Path.Combine(folder, "report.html")}"));
    }
}
