using Auscult.Audio;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Auscult.Data;
using Auscult.Features;
using Auscult.Reports;
using Auscult.Scoring;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult score --model MODEL FILE|DIR...</c>: the anomaly score of each clip and whether it is above the threshold;
/// with <c>--window 10s</c>, a score and verdict per consecutive window of each recording.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model bundle from 'auscult train'.", Required = true };
        var inputs = new Argument<string[]>("inputs") { Description = "WAV files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv);
        var failOnAnomaly = new Option<bool>("--fail-on-anomaly") { Description = $"Exit with code {ExitCodes.AnomalyFound} when any clip is anomalous." };
        var explain = new Option<bool>("--explain")
        {
            Description = "Also draw each clip's anomaly map (where in time and frequency the score comes from) into --out.",
        };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the anomaly maps of --explain (new or empty unless --overwrite)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Write the anomaly maps into a folder that already holds files." };
        var anyMachineType = new Option<bool>("--any-machine-type")
        {
            Description = "Score clips whose folders name another machine type than the model's (their scores mean little).",
        };
        var window = new Option<string?>("--window")
        {
            Description = "Score long recordings in consecutive windows of this length (e.g. 10s, 1m): a score and verdict per window.",
        };
        var command = new Command("score", "Score clips with a trained model: the anomaly score, the threshold and the decision.")
        {
            model, inputs, format, failOnAnomaly, explain, output, overwrite, anyMachineType, window,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            OutputFormat chosen = parse.GetValue(format);
            var console = parse.InvocationConfiguration;
            // Progress lines would break JSON and CSV on standard output; they go to the error stream there.
            TextWriter progress = chosen == OutputFormat.Table ? console.Output : console.Error;
            string? explainFolder = parse.GetValue(explain)
                ? parse.GetValue(output) ?? throw new ConfigurationException("--explain needs --out DIR for the anomaly maps.")
                : null;
            CliOptions.RefuseUnless(parse, parse.GetValue(explain), "without --explain (only the anomaly maps are written to a folder)", output, overwrite);
            if (parse.GetValue(window) is { } windowText)
            {
                CliOptions.RefuseUnless(parse, false, "with --window (anomaly maps are drawn per clip)", explain);
                return await RunWindowsAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(inputs), CliOptions.ParseDuration(windowText, "--window"),
                    chosen, console, parse.GetValue(failOnAnomaly), parse.GetValue(anyMachineType), cancellationToken);
            }

            var (results, failures, namesKinds) = await RunAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(inputs), progress, cancellationToken,
                explainFolder, parse.GetValue(overwrite), parse.GetValue(anyMachineType));
            Write(results, chosen, console.Output, namesKinds);
            foreach (ClipFailure failure in failures)
            {
                await console.Error.WriteLineAsync($"error: {failure.Message}");
            }

            if (failures.Count > 0)
            {
                return ExitCodes.InputError;
            }

            return parse.GetValue(failOnAnomaly) && results.Any(r => r.Anomalous) ? ExitCodes.AnomalyFound : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One scored clip.</summary>
    /// <param name="File">The clip's path as given or found.</param>
    /// <param name="Score">Its anomaly score.</param>
    /// <param name="Threshold">The model's threshold.</param>
    /// <param name="Anomalous">Whether the score is above the threshold.</param>
    /// <param name="Kind">For a classifier that learned anomaly kinds, the most likely kind of an anomalous clip; null otherwise.</param>
    internal sealed record ScoreResult(string File, double Score, double Threshold, bool Anomalous,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null);

    /// <returns>The scores, the clips that could not be read, and whether the model names anomaly kinds.</returns>
    internal static async Task<(IReadOnlyList<ScoreResult> Results, IReadOnlyList<ClipFailure> Failures, bool NamesKinds)> RunAsync(
        string modelPath, IReadOnlyList<string> inputs, TextWriter progressOutput, CancellationToken cancellationToken, string? explainFolder = null,
        bool overwrite = false, bool anyMachineType = false)
    {
        using Detector detector = CliModels.LoadDetector(modelPath);
        ModelBundle bundle = detector.Bundle;
        List<string> files = Expand(inputs);
        if (!anyMachineType)
        {
            MachineTypes.EnsureClipsMatch(bundle.Manifest.TrainingData.MachineType, files);
        }

        if (explainFolder is not null)
        {
            CliOutputs.PrepareFolder(explainFolder, overwrite);
        }

        // The library's one decision path: input health, the bundle's features, the score and the rule score > threshold.
        var display = ProgressDisplay.For(progressOutput);
        var (decisions, readFailures) = await display.RunAsync("scoring", files.Count, progress =>
            Task.Run(() => ParallelClips.Map(files, detector.Decide, progress, cancellationToken), cancellationToken));

        // A clip the detector cannot judge (too short, silent, clipped ...) is reported like an unreadable one, and the
        // others are scored.
        var unfit = files.Select((file, i) => (file, decision: decisions[i]))
            .Where(x => x.decision is { Verdict: ScoreVerdict.InputUnfit })
            .Select(x => new ClipFailure(x.file, $"{x.file}: input unfit: {x.decision!.UnfitReason}."));
        IReadOnlyList<ClipFailure> failures = [.. readFailures.Concat(unfit).OrderBy(f => f.Path, StringComparer.Ordinal)];
        var scored = files.Select((file, i) => (file, decision: decisions[i]))
            .Where(x => x.decision is { Verdict: not ScoreVerdict.InputUnfit })
            .ToList();
        var results = scored.Select(x => new ScoreResult(x.file, x.decision!.Score!.Value, x.decision.Threshold, x.decision.IsAnomalous, x.decision.Kind)).ToList();
        if (explainFolder is not null)
        {
            var logMels = scored.Select(x => (x.file, detector.Extractor.LogMel(x.file))).ToList();
            WriteAnomalyMaps(bundle, logMels, explainFolder, progressOutput, cancellationToken);
        }

        bool namesKinds = bundle.Kind == ModelKind.Classifier && bundle.Classifier.NamesKinds;
        return (results, failures, namesKinds);
    }

    /// <summary>One window of a recording scored with <c>--window</c>.</summary>
    /// <param name="File">The recording's path as given or found.</param>
    /// <param name="Window">The window's number, from 0.</param>
    /// <param name="StartSeconds">Where the window starts in the recording.</param>
    /// <param name="EndSeconds">Where it ends.</param>
    /// <param name="Partial">Whether it is the last window, cut short by the end of the recording.</param>
    /// <param name="Verdict">Normal, anomalous or input unfit.</param>
    /// <param name="Score">Its anomaly score; null when the input is unfit.</param>
    /// <param name="Threshold">The model's threshold.</param>
    /// <param name="Anomalous">Whether the score is above the threshold.</param>
    /// <param name="Kind">For a classifier that learned anomaly kinds, the most likely kind of an anomalous window; null otherwise.</param>
    /// <param name="Reason">Why the input is unfit (e.g. a last window too short for the model); null when it was scored.</param>
    internal sealed record WindowResult(string File, int Window, double StartSeconds, double EndSeconds, bool Partial, ScoreVerdict Verdict,
        double? Score, double Threshold, bool Anomalous,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);

    /// <summary>
    /// <c>--window</c>: every recording decided in consecutive windows by the library's one decision path
    /// (<see cref="Detector.DecideWindows(string, TimeSpan)"/>); a window whose input is unfit (a last window too short for
    /// the model, a dropout) is a row with its reason, not an error.
    /// </summary>
    private static async Task<int> RunWindowsAsync(string modelPath, IReadOnlyList<string> inputs, TimeSpan window, OutputFormat format,
        InvocationConfiguration console, bool failOnAnomaly, bool anyMachineType, CancellationToken cancellationToken)
    {
        using Detector detector = CliModels.LoadDetector(modelPath);
        detector.CheckWindow(window);
        List<string> files = Expand(inputs);
        if (!anyMachineType)
        {
            MachineTypes.EnsureClipsMatch(detector.Bundle.Manifest.TrainingData.MachineType, files);
        }

        TextWriter progressOutput = format == OutputFormat.Table ? console.Output : console.Error;
        var (decided, failures) = await ProgressDisplay.For(progressOutput).RunAsync("scoring", files.Count, progress =>
            Task.Run(() => ParallelClips.Map(files, file => detector.DecideWindows(file, window).ToList(), progress, cancellationToken), cancellationToken));

        var results = files
            .Select((file, i) => (file, windows: decided[i]))
            .Where(x => x.windows is not null)
            .SelectMany(x => x.windows!.Select(w => new WindowResult(x.file, w.Index, w.Start.TotalSeconds, w.End.TotalSeconds, w.IsPartial,
                w.Decision.Verdict, w.Decision.Score, w.Decision.Threshold, w.Decision.IsAnomalous, w.Decision.Kind, w.Decision.UnfitReason)))
            .ToList();
        bool namesKinds = detector.Bundle.Kind == ModelKind.Classifier && detector.Bundle.Classifier.NamesKinds;
        WriteWindows(results, format, console.Output, namesKinds);
        foreach (ClipFailure failure in failures)
        {
            await console.Error.WriteLineAsync($"error: {failure.Message}");
        }

        if (failures.Count > 0)
        {
            return ExitCodes.InputError;
        }

        return failOnAnomaly && results.Any(r => r.Anomalous) ? ExitCodes.AnomalyFound : ExitCodes.Success;
    }

    private static void WriteWindows(IReadOnlyList<WindowResult> results, OutputFormat format, TextWriter output, bool withKinds)
    {
        var c = CultureInfo.InvariantCulture;
        switch (format)
        {
            case OutputFormat.Json:
                CliJson.Write(output, results);
                break;
            case OutputFormat.Csv:
                output.Write(withKinds
                    ? "file,window,start_s,end_s,partial,verdict,score,threshold,anomalous,kind,reason\n"
                    : "file,window,start_s,end_s,partial,verdict,score,threshold,anomalous,reason\n");
                foreach (WindowResult r in results)
                {
                    output.Write(string.Create(c,
                        $"{CsvField.Of(r.File)},{r.Window},{r.StartSeconds:R},{r.EndSeconds:R},{(r.Partial ? "true" : "false")},{VerdictWord(r.Verdict)},{r.Score:R},{r.Threshold:R},{(r.Anomalous ? "true" : "false")}"));
                    output.Write(withKinds ? $",{CsvField.Of(r.Kind ?? "")},{CsvField.Of(r.Reason ?? "")}\n" : $",{CsvField.Of(r.Reason ?? "")}\n");
                }

                break;
            default:
                var table = withKinds
                    ? new TextTable("file", ">window", ">start s", ">end s", ">score", ">threshold", "anomalous", "kind")
                    : new TextTable("file", ">window", ">start s", ">end s", ">score", ">threshold", "anomalous");
                foreach (WindowResult r in results)
                {
                    string verdict = r.Verdict switch
                    {
                        ScoreVerdict.Anomalous => "YES",
                        ScoreVerdict.Normal => "no",
                        _ => $"input unfit: {r.Reason}",
                    };
                    object[] cells = [r.File, r.Partial ? $"{r.Window} (last, partial)" : r.Window.ToString(c), r.StartSeconds.ToString("0.###", c),
                        r.EndSeconds.ToString("0.###", c), r.Score?.ToString("0.####", c) ?? "-", r.Threshold.ToString("0.####", c), verdict];
                    table.Add(withKinds ? [.. cells, r.Kind ?? ""] : cells);
                }

                table.Write(output);
                int flagged = results.Count(r => r.Anomalous);
                int unfit = results.Count(r => r.Verdict == ScoreVerdict.InputUnfit);
                output.WriteLine($"{flagged} of {CliOptions.Count(results.Count, "window")} anomalous" + (unfit > 0 ? $", {unfit} input unfit" : ""));
                break;
        }
    }

    private static string VerdictWord(ScoreVerdict verdict) => verdict switch
    {
        ScoreVerdict.Normal => "normal",
        ScoreVerdict.Anomalous => "anomalous",
        _ => "inputUnfit",
    };

    /// <summary>
    /// One PNG per clip: its mel spectrogram with the anomaly map over it (reconstruction error for an autoencoder,
    /// occlusion for a classifier).
    /// </summary>
    private static void WriteAnomalyMaps(ModelBundle bundle, IReadOnlyList<(string File, FeatureMatrix LogMel)> clips, string folder,
        TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> names = UniqueNames(clips.Select(c => c.File).ToList());
        using var explainer = bundle.CreateScorer();
        foreach (var (file, logMel) in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var explanation = explainer.Explain(logMel);
            var spectrogram = Spectrograms.FromLogMel(logMel, bundle.Manifest.Features);
            string title = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: score {explanation.Score:0.###}");
            string name = names[file];
            string path = Path.Combine(folder, name + "_anomaly_map.png");
            PlotImage.Save(AnomalyMapPlot.Create(spectrogram, explanation.Map, title, explanation.Quantity), path, 1200, 800);
            output.WriteLine($"wrote {path}");
        }
    }

    /// <summary>
    /// A short picture name per clip: its file name, with as many parent folders as it takes to tell it from the others
    /// (MIMII reuses 00000000.wav in every folder), joined by '_'.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> UniqueNames(IReadOnlyList<string> files)
    {
        var parts = files.Distinct().ToDictionary(f => f, f => Path.GetFullPath(f).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        string NameOf(string file, int depth) =>
            string.Join('_', parts[file][^Math.Min(depth, parts[file].Length)..]) is var joined ? Path.ChangeExtension(joined, null) : "";
        var names = new Dictionary<string, string>();
        foreach (string file in parts.Keys)
        {
            int depth = 1;
            while (depth < parts[file].Length && parts.Keys.Any(other => other != file && NameOf(other, depth) == NameOf(file, depth)))
            {
                depth++;
            }

            names[file] = NameOf(file, depth);
        }

        return names;
    }

    private static List<string> Expand(IReadOnlyList<string> inputs)
    {
        var files = new List<string>();
        foreach (string input in inputs)
        {
            if (File.Exists(input))
            {
                files.Add(input);
            }
            else if (Directory.Exists(input))
            {
                IReadOnlyList<string> found = WavFiles.Under(input);
                // Paths as the user gave them: a clip found under "clips/" prints as "clips/a.wav", not its absolute path.
                string root = Path.GetFullPath(input);
                files.AddRange(found.Count > 0
                    ? found.Select(f => Path.Join(input, Path.GetRelativePath(root, f)))
                    : throw new InputException($"{input}: the folder holds no .wav files."));
            }
            else
            {
                throw new InputException($"{input}: no such file or folder.");
            }
        }

        return files;
    }

    private static void Write(IReadOnlyList<ScoreResult> results, OutputFormat format, TextWriter output, bool withKinds)
    {
        switch (format)
        {
            case OutputFormat.Json:
                CliJson.Write(output, results);
                break;
            case OutputFormat.Csv:
                output.Write(withKinds ? "file,score,threshold,anomalous,kind\n" : "file,score,threshold,anomalous\n");
                foreach (ScoreResult r in results)
                {
                    output.Write(string.Create(CultureInfo.InvariantCulture, $"{CsvField.Of(r.File)},{r.Score:R},{r.Threshold:R},{(r.Anomalous ? "true" : "false")}"));
                    output.Write(withKinds ? $",{CsvField.Of(r.Kind ?? "")}\n" : "\n");
                }

                break;
            default:
                var table = withKinds
                    ? new TextTable("file", ">score", ">threshold", "anomalous", "kind")
                    : new TextTable("file", ">score", ">threshold", "anomalous");
                foreach (ScoreResult r in results)
                {
                    object[] cells = [r.File, r.Score.ToString("0.####", CultureInfo.InvariantCulture),
                        r.Threshold.ToString("0.####", CultureInfo.InvariantCulture), r.Anomalous ? "YES" : "no"];
                    table.Add(withKinds ? [.. cells, r.Kind ?? ""] : cells);
                }

                table.Write(output);
                int flagged = results.Count(r => r.Anomalous);
                output.WriteLine($"{flagged} of {CliOptions.Count(results.Count, "clip")} anomalous");
                break;
        }
    }
}
