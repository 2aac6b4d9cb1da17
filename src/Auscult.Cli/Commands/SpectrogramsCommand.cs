using System.CommandLine;
using System.Globalization;
using Auscult.Data;
using Auscult.Features;
using Auscult.Reports;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult spectrograms --data DIR --out DIR</c>: one mel-spectrogram PNG per labelled clip, in
/// <c>train/{normal,anomaly}/</c> and <c>test/{normal,anomaly}/</c> by the supervised split, as the reference workflow
/// prepared images for an image-classification service; for users who want other tools.
/// </summary>
internal static class SpectrogramsCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "Labelled data folder.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (train/ and test/ by label).", Required = true };
        var machineType = new Option<string?>("--machine-type") { Description = "Machine type; needed when the data holds several." };
        var size = new Option<int>("--size") { Description = "Image width and height in pixels.", DefaultValueFactory = _ => 224 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into a folder that already holds files, replacing them." };
        var command = new Command("spectrograms", "Write a mel-spectrogram image per labelled clip in train/ and test/ folders by label.")
        {
            data, output, machineType, size, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int pixels = parse.GetValue(size);
            if (pixels is < 16 or > 4096)
            {
                throw new ConfigurationException($"--size {pixels} is out of range: give 16 to 4096 pixels.");
            }

            string? type = parse.GetValue(machineType);
            ClipCatalog catalog = CliModels.Discover(parse.GetRequiredValue(data), type);
            var train = ClipSelection.SupervisedTraining(catalog, type, null);
            var test = ClipSelection.SupervisedTest(catalog, train.MachineType, null);
            string folder = parse.GetRequiredValue(output);
            CliOutputs.PrepareFolder(folder, parse.GetValue(overwrite));

            var jobs = train.Clips.Select(c => (Clip: c, Split: "train")).Concat(test.Clips.Select(c => (Clip: c, Split: "test"))).ToList();
            IReadOnlyDictionary<string, string> names = ScoreCommand.UniqueNames(jobs.Select(j => j.Clip.Path).ToList());
            FeatureOptions options = Torch.Workflows.ClassifierTraining.Features;
            var extractor = new ClipFeatureExtractor(options);
            var byPath = jobs.ToDictionary(j => j.Clip.Path);
            var (_, failures) = await ProgressDisplay.For(parse.InvocationConfiguration.Output).RunAsync("spectrograms", jobs.Count, progress =>
                Task.Run(() => ParallelClips.Map(jobs.Select(j => j.Clip.Path).ToList(), path =>
                {
                    var job = byPath[path];
                    string target = Path.Combine(folder, job.Split, job.Clip.Label == ClipLabel.Anomaly ? "anomaly" : "normal");
                    CliOutputs.CreateFolder(target);
                    var image = ExplorationPlots.SpectrogramImage(Spectrograms.FromLogMel(extractor.LogMel(path), options));
                    PlotImage.Save(image, Path.Combine(target, names[path] + ".png"), pixels, pixels);
                    return true;
                }, progress, cancellationToken), cancellationToken));
            foreach (ClipFailure failure in failures)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {failure.Message}");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {CliOptions.Count(jobs.Count - failures.Count, "image")} to {folder}: {train.Clips.Count} train, {test.Clips.Count} test"));
            return failures.Count > 0 ? ExitCodes.InputError : ExitCodes.Success;
        });
        return command;
    }
}
