using System.CommandLine;
using Auscult.Data;
using Auscult.Torch.Models;
using Auscult.Torch.Workflows;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult compare --data DIR</c>: trains the autoencoder (normal clips only) and the supervised classifier (labelled
/// clips) on the same split and evaluates both on the same held-out clips, side by side.
/// </summary>
internal static class CompareCommand
{
    public const string DefaultFolder = "auscult-compare";

    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "Labelled data folder (normal and anomalous clips).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for both models, their evaluations and report.html.", DefaultValueFactory = _ => DefaultFolder };
        var machineType = new Option<string?>("--machine-type") { Description = "Machine type; needed when the data holds several." };
        var budget = new Option<string>("--budget") { Description = "Time the classifier may spend searching its settings, with its unit: s, m or h (e.g. 90s, 10m).", DefaultValueFactory = _ => "10m" };
        var epochs = new Option<int?>("--epochs") { Description = "Override the autoencoder preset's epoch count." };
        var seed = new Option<int>("--seed") { Description = "Seed of both trainings.", DefaultValueFactory = _ => 0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace models and results already in the folder." };
        var command = new Command("compare", "Train the autoencoder and the supervised classifier on the same split and compare them on the same test clips.")
        {
            data, output, machineType, budget, epochs, seed, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(parse.GetRequiredValue(data), parse.GetRequiredValue(output), parse.GetValue(machineType),
                CliOptions.ParseDuration(parse.GetRequiredValue(budget)), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(overwrite),
                parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task RunAsync(string dataRoot, string folder, string? machineType, TimeSpan budget, int? epochs, int seed,
        bool overwrite, TextWriter output, CancellationToken cancellationToken)
    {
        ClipCatalog catalog = CliModels.Discover(dataRoot, machineType);
        CliOutputs.PrepareFolder(folder, overwrite);
        AutoencoderPreset preset = AutoencoderPreset.Default;
        if (epochs is int n)
        {
            preset = (preset with { Epochs = n }).Validate();
        }

        var options = new ComparisonOptions
        {
            Autoencoder = new AutoencoderTrainingOptions { Preset = preset, Seed = seed },
            Classifier = new ClassifierTrainingOptions { Budget = budget, Seed = seed },
        };
        await ComparisonOutput.RunAsync(catalog, machineType, options, folder, output, cancellationToken);
    }
}
