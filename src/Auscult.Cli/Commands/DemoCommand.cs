using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Auscult.Data.Synthesis;
using Auscult.Evaluation;
using Auscult.Torch.Models;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult demo</c>: the main job on the built-in default data. Synthesises a fan data set, trains the default
/// autoencoder on its normal clips, evaluates it on the held-out clips and writes every output.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultFolder = "auscult-demo";

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the data, the model and the evaluation.", DefaultValueFactory = _ => DefaultFolder };
        var epochs = new Option<int?>("--epochs") { Description = "Override the preset's epoch count (for a quicker look)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic data and of training.", DefaultValueFactory = _ => 1UL };
        var command = new Command("demo", "Run the whole unsupervised workflow on built-in synthetic fan sounds: synthesise, train, evaluate, report.")
        {
            output, epochs, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(parse.GetRequiredValue(output), parse.GetValue(epochs), parse.GetValue(seed), parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task<EvaluationSummary> RunAsync(string folder, int? epochs, ulong seed, TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string dataFolder = Path.Combine(folder, "data");
        var synthesis = new SynthesisOptions { OutputFolder = dataFolder, MachineTypes = [MachineType.Fan], Seed = seed };
        string planned = SyntheticDatasetWriter.FormatManifest(SyntheticDatasetWriter.Plan(synthesis));
        string manifestPath = Path.Combine(dataFolder, SyntheticDatasetWriter.ManifestFileName);
        bool reuse = File.Exists(manifestPath) && File.ReadAllText(manifestPath) == planned;
        if (!reuse && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new AuscultException($"{folder}: the folder exists and is not an earlier demo with the same seed; give an empty or new folder with --out.");
        }

        await output.WriteLineAsync("1/3 data: synthetic fan sounds, 4 machine ids, 60 normal and 15 abnormal clips each, 6 dB SNR");
        if (reuse)
        {
            await output.WriteLineAsync($"using the clips already in {dataFolder}");
        }
        else
        {
            await SynthCommand.RunAsync(synthesis, output, cancellationToken);
        }

        AutoencoderPreset preset = AutoencoderPreset.Default;
        if (epochs is int n)
        {
            preset = (preset with { Epochs = n }).Validate();
        }

        string modelPath = Path.Combine(folder, "fan.auscult");
        await output.WriteLineAsync($"2/3 train: the {preset.Name} autoencoder on the normal training clips");
        await DetectorWorkflow.TrainAsync(
            new TrainSettings(dataFolder, modelPath, preset, null, null, (int)(seed % int.MaxValue), ThresholdMethod.Gamma,
                ThresholdSelector.DefaultGammaQuantile, Overwrite: true),
            output, cancellationToken);

        string evaluationFolder = Path.Combine(folder, "evaluation");
        await output.WriteLineAsync("3/3 evaluate: the held-out normal and abnormal clips");
        EvaluationSummary summary = await EvaluateCommand.RunAsync(
            new EvaluateCommand.EvaluateRequest(modelPath, dataFolder, evaluationFolder, null, null, null, null), output, cancellationToken);
        await output.WriteLineAsync();
        summary.WriteTable(output);
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done in {stopwatch.Elapsed.TotalSeconds:0} s: model {modelPath}, report {Path.Combine(evaluationFolder, "report.html")}"));
        return summary;
    }
}
