using System.CommandLine;
using Auscult.Audio;
using Auscult.Data;
using Auscult.Features;
using Auscult.Reports;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult explore FILE|DIR</c>: pictures of recordings. For a clip: waveform, STFT spectrogram, mel spectrogram.
/// For a data set: per machine, a normal clip beside an abnormal one, and the mean spectrum of normal and abnormal clips.
/// </summary>
internal static class ExploreCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A WAV file, or a data-set folder (any layout 'auscult info' recognises)." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the PNG files.", DefaultValueFactory = _ => "explore" };
        var channel = new Option<string>("--channel") { Description = "Channel to draw: an index or 'mean'.", HelpName = "N|mean", DefaultValueFactory = _ => "0" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into a folder that already holds files, replacing them." };
        var command = new Command("explore", "Draw waveforms, spectrograms and mel spectrograms; for a data set, normal beside abnormal.")
        {
            input, output, channel, overwrite,
        };
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) =>
        {
            var options = FeatureOptions.Dcase2020 with { Channel = ChannelSelection.Parse(parse.GetRequiredValue(channel)) };
            string folder = parse.GetRequiredValue(output);
            string path = parse.GetRequiredValue(input);
            bool isFile = File.Exists(path);
            ClipCatalog? catalog = isFile ? null : ClipCatalog.Discover(path);
            CliOutputs.PrepareFolder(folder, parse.GetValue(overwrite));
            IReadOnlyList<string> written = catalog is null
                ? ExploreClip(path, folder, options)
                : ExploreDataset(catalog, folder, options, cancellationToken);
            foreach (string file in written)
            {
                parse.InvocationConfiguration.Output.WriteLine($"wrote {file}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static float[] Samples(string path, FeatureOptions options) =>
        AudioLoader.LoadChannel(path, options.SampleRate, options.Channel, allowResample: true);

    internal static IReadOnlyList<string> ExploreClip(string path, string folder, FeatureOptions options)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        float[] samples = Samples(path, options);
        var files = new List<string>
        {
            Save(ExplorationPlots.Waveform(samples, options.SampleRate, $"Waveform: {Path.GetFileName(path)}"), folder, $"{name}_waveform.png"),
            Save(ExplorationPlots.Spectrogram(Spectrograms.Stft(samples, options), $"Spectrogram: {Path.GetFileName(path)}"), folder, $"{name}_spectrogram.png"),
            Save(ExplorationPlots.Spectrogram(Spectrograms.Mel(samples, options), $"Mel spectrogram: {Path.GetFileName(path)}"), folder, $"{name}_mel.png"),
        };
        return files;
    }

    internal static IReadOnlyList<string> ExploreDataset(ClipCatalog catalog, string folder, FeatureOptions options, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var machine in catalog.Entries.GroupBy(e => (e.MachineType, e.MachineId)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Sorted by path already, so the first clip of each label is the same on every run.
            CatalogEntry? normal = machine.FirstOrDefault(e => e.Label == ClipLabel.Normal);
            CatalogEntry? anomaly = machine.FirstOrDefault(e => e.Label == ClipLabel.Anomaly);
            if (normal is null || anomaly is null)
            {
                continue;
            }

            string prefix = $"{machine.Key.MachineType}_{machine.Key.MachineId}";
            var beside = ExplorationPlots.NormalBesideAbnormal(
                Spectrograms.Mel(Samples(normal.Path, options), options), Spectrograms.Mel(Samples(anomaly.Path, options), options),
                $"Normal: {normal.FileName}", $"Abnormal: {anomaly.FileName}");
            files.Add(Save(beside, folder, $"{prefix}_normal_vs_abnormal.png", 1400, 600));
        }

        foreach (var type in catalog.Entries.GroupBy(e => e.MachineType))
        {
            // Equal numbers of normal and abnormal clips from every machine (up to 12 each), so the difference shows
            // the faults rather than the differences between machines.
            var normal = new List<SpectrogramData>();
            var anomaly = new List<SpectrogramData>();
            foreach (var machine in type.GroupBy(e => e.MachineId))
            {
                var normals = machine.Where(e => e.Label == ClipLabel.Normal).ToList();
                var anomalies = machine.Where(e => e.Label == ClipLabel.Anomaly).ToList();
                int take = Math.Min(12, Math.Min(normals.Count, anomalies.Count));
                normal.AddRange(normals.Take(take).Select(e => Spectrograms.Mel(Samples(e.Path, options), options)));
                anomaly.AddRange(anomalies.Take(take).Select(e => Spectrograms.Mel(Samples(e.Path, options), options)));
            }

            if (normal.Count > 0)
            {
                files.Add(Save(ExplorationPlots.MeanSpectrum(normal, anomaly, $"Mean mel spectrum, {type.Key}: normal vs abnormal"),
                    folder, $"{type.Key}_mean_spectrum.png", 1000, 700));
            }
        }

        return files.Count > 0
            ? files
            : throw new InputException($"{catalog.Root}: no machine has both normal and abnormal clips to compare; give a file to draw one clip.");
    }

    private static string Save(ScottPlot.Plot plot, string folder, string name, int width = 1000, int height = 500)
    {
        string path = Path.Combine(folder, name);
        PlotImage.Save(plot, path, width, height);
        return path;
    }

    private static string Save(ScottPlot.Multiplot figure, string folder, string name, int width, int height)
    {
        string path = Path.Combine(folder, name);
        PlotImage.Save(figure, path, width, height);
        return path;
    }
}
