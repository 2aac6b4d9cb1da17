using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Auscult.Data.Synthesis;

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

    /// <summary>Abnormal clips per machine id: enough that the classifier trains on more than the measured break-even.</summary>
    public const int AbnormalClipsPerId = 30;

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the data, the models and the evaluations.", DefaultValueFactory = _ => DefaultFolder };
        var epochs = new Option<int?>("--epochs") { Description = "Override the autoencoder preset's epoch count (for a quicker look)." };
        var budget = new Option<string>("--budget") { Description = "Time the classifier may spend searching its settings.", DefaultValueFactory = _ => "90s" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic data and of training.", DefaultValueFactory = _ => 1UL };
        var command = new Command("demo", "Run the whole workflow on built-in synthetic fan sounds: synthesise, train the autoencoder and the classifier, evaluate and compare them, report.")
        {
            output, epochs, budget, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(parse.GetRequiredValue(output), parse.GetValue(epochs), CliOptions.ParseDuration(parse.GetRequiredValue(budget)),
                parse.GetValue(seed), parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

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

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"data: synthetic fan sounds, 4 machine ids, {synthesis.NormalClipsPerId} normal and {AbnormalClipsPerId} labelled abnormal clips each, 6 dB SNR"));
        if (reuse)
        {
            await output.WriteLineAsync($"using the clips already in {dataFolder}");
        }
        else
        {
            await SynthCommand.RunAsync(synthesis, output, cancellationToken);
        }

        await CompareCommand.RunAsync(dataFolder, folder, null, budget, epochs, (int)(seed % int.MaxValue), overwrite: true, output, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done in {stopwatch.Elapsed.TotalSeconds:0} s: models {Path.Combine(folder, CompareCommand.AutoencoderFile)} and {Path.Combine(folder, CompareCommand.ClassifierFile)}, report {Path.Combine(folder, "report.html")}"));
    }
}
