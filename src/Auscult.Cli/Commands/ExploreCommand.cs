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
            var (written, notes) = catalog is null
                ? (ExploreClip(path, folder, options), [])
                : ExploreDataset(catalog, folder, options, cancellationToken);
            foreach (string file in written)
            {
                parse.InvocationConfiguration.Output.WriteLine($"wrote {file}");
            }

            foreach (string note in notes)
            {
                parse.InvocationConfiguration.Output.WriteLine($"note: {note}");
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

    /// <returns>The files written, and notes on what could not be drawn or was drawn from a sample.</returns>
    internal static (IReadOnlyList<string> Files, IReadOnlyList<string> Notes) ExploreDataset(ClipCatalog catalog, string folder, FeatureOptions options,
        CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var notes = new List<string>();
        foreach (var machine in catalog.Entries.GroupBy(e => (e.MachineType, e.MachineId)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Sorted by path already, so the first clip of each label is the same on every run.
            CatalogEntry? normal = machine.FirstOrDefault(e => e.Label == ClipLabel.Normal);
            CatalogEntry? anomaly = machine.FirstOrDefault(e => e.Label == ClipLabel.Anomaly);
            if (normal is null || anomaly is null)
            {
                notes.Add($"{machine.Key.MachineType} {machine.Key.MachineId}: no {(normal is null ? "normal" : "abnormal")} clips, no normal-vs-abnormal picture");
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
            // the faults rather than the differences between machines. A type without abnormal clips gets the mean of
            // its normal clips alone (up to 12 per machine), and a note says so.
            bool anyAnomaly = type.Any(e => e.Label == ClipLabel.Anomaly);
            var normal = new List<SpectrogramData>();
            var anomaly = new List<SpectrogramData>();
            foreach (var machine in type.GroupBy(e => e.MachineId))
            {
                var normals = machine.Where(e => e.Label == ClipLabel.Normal).ToList();
                var anomalies = machine.Where(e => e.Label == ClipLabel.Anomaly).ToList();
                int take = Math.Min(SampledPerMachine, anyAnomaly ? Math.Min(normals.Count, anomalies.Count) : normals.Count);
                normal.AddRange(normals.Take(take).Select(e => Spectrograms.Mel(Samples(e.Path, options), options)));
                anomaly.AddRange(anomalies.Take(take).Select(e => Spectrograms.Mel(Samples(e.Path, options), options)));
            }

            int normalTotal = type.Count(e => e.Label == ClipLabel.Normal), anomalyTotal = type.Count(e => e.Label == ClipLabel.Anomaly);
            if (normal.Count == 0)
            {
                notes.Add($"{type.Key}: no machine has both normal and abnormal clips, no mean spectrum");
                continue;
            }

            string title = anyAnomaly ? $"Mean mel spectrum, {type.Key}: normal vs abnormal" : $"Mean mel spectrum, {type.Key}: normal clips only";
            files.Add(Save(ExplorationPlots.MeanSpectrum(normal, anomaly, title, normalTotal, anomalyTotal),
                folder, $"{type.Key}_mean_spectrum.png", 1000, 700));
            if (!anyAnomaly)
            {
                notes.Add($"{type.Key}: no abnormal clips, mean spectrum of normal clips only");
            }

            if (normal.Count < normalTotal || anomaly.Count < anomalyTotal)
            {
                notes.Add(anyAnomaly
                    ? $"{type.Key}: the mean spectrum samples {normal.Count} of {normalTotal} normal and {anomaly.Count} of {anomalyTotal} abnormal clips "
                        + $"(up to {SampledPerMachine} of each per machine, as many normal as abnormal)"
                    : $"{type.Key}: the mean spectrum samples {normal.Count} of {normalTotal} normal clips (up to {SampledPerMachine} per machine)");
            }
        }

        return files.Count > 0
            ? (files, notes)
            : throw new InputException($"{catalog.Root}: no machine has normal clips to draw; give a file to draw one clip.");
    }

    /// <summary>Clips of each class a machine contributes to its type's mean spectrum.</summary>
    private const int SampledPerMachine = 12;

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
