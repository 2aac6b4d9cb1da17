using System.CommandLine;
using System.Globalization;
using Auscult.Data;
using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Scoring;
using Auscult.Torch.Detection;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult score --model MODEL FILE|DIR...</c>: the anomaly score of each clip and whether it is above the threshold.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model bundle from 'auscult train'.", Required = true };
        var inputs = new Argument<string[]>("inputs") { Description = "WAV files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv);
        var failOnAnomaly = new Option<bool>("--fail-on-anomaly") { Description = $"Exit with code {ExitCodes.AnomalyFound} when any clip is anomalous." };
        var command = new Command("score", "Score clips with a trained model: the anomaly score, the threshold and the decision.")
        {
            model, inputs, format, failOnAnomaly,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            OutputFormat chosen = parse.GetValue(format);
            var console = parse.InvocationConfiguration;
            // Progress lines would break JSON and CSV on standard output; they go to the error stream there.
            TextWriter progress = chosen == OutputFormat.Table ? console.Output : console.Error;
            var (results, failures) = await RunAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(inputs), progress, cancellationToken);
            Write(results, chosen, console.Output);
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

    internal sealed record ScoreResult(string File, double Score, double Threshold, bool Anomalous);

    internal static async Task<(IReadOnlyList<ScoreResult> Results, IReadOnlyList<ClipFailure> Failures)> RunAsync(
        string modelPath, IReadOnlyList<string> inputs, TextWriter progressOutput, CancellationToken cancellationToken)
    {
        using ModelBundle bundle = ModelBundle.Load(modelPath);
        ThresholdSpec threshold = bundle.Manifest.Threshold
            ?? throw new AuscultException($"{modelPath}: the model has no threshold to decide with.");
        List<string> files = Expand(inputs);
        var extractor = new ClipFeatureExtractor(bundle.Manifest.Features);
        bundle.EnsureCompatible(extractor.Options);
        var display = ProgressDisplay.For(progressOutput);
        var (logMels, failures) = await display.RunAsync("features", files.Count, progress =>
            Task.Run(() => ParallelClips.Map(files, extractor.LogMel, progress, cancellationToken), cancellationToken));
        var usable = files.Select((file, i) => (file, logMel: logMels[i])).Where(x => x.logMel is not null).ToList();
        using var scorer = bundle.CreateScorer();
        double[] scores = scorer.ScoreAll(usable.Select(x => x.logMel!).ToList(), null, cancellationToken);
        var results = usable.Select((x, i) => new ScoreResult(x.file, scores[i], threshold.Value, scores[i] > threshold.Value)).ToList();
        return (results, failures);
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
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(p => p.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                files.AddRange(found.Count > 0 ? found : throw new AuscultException($"{input}: the folder holds no .wav files."));
            }
            else
            {
                throw new AuscultException($"{input}: no such file or folder.");
            }
        }

        return files;
    }

    private static void Write(IReadOnlyList<ScoreResult> results, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json:
                CliJson.Write(output, results);
                break;
            case OutputFormat.Csv:
                output.Write("file,score,threshold,anomalous\n");
                foreach (ScoreResult r in results)
                {
                    string file = r.File.Contains(',') || r.File.Contains('"') ? $"\"{r.File.Replace("\"", "\"\"")}\"" : r.File;
                    output.Write(string.Create(CultureInfo.InvariantCulture, $"{file},{r.Score:R},{r.Threshold:R},{(r.Anomalous ? "true" : "false")}\n"));
                }

                break;
            default:
                var table = new TextTable("file", ">score", ">threshold", "anomalous");
                foreach (ScoreResult r in results)
                {
                    table.Add(r.File, r.Score.ToString("0.####", CultureInfo.InvariantCulture), r.Threshold.ToString("0.####", CultureInfo.InvariantCulture),
                        r.Anomalous ? "YES" : "no");
                }

                table.Write(output);
                int flagged = results.Count(r => r.Anomalous);
                output.WriteLine($"{flagged} of {results.Count} clips anomalous");
                break;
        }
    }
}
