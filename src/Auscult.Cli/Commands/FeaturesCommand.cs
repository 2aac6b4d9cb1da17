using Auscult.Audio;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Features;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult features FILE|DIR --out FILE|DIR</c>: one float32 matrix per clip (a row per frame or context vector), as
/// .npy (loads with <c>numpy.load</c>) or CSV: the "build a tabular data set" step of the reference workflow.
/// </summary>
internal static class FeaturesCommand
{
    private enum MatrixFormat
    {
        Npy,
        Csv,
    }

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A WAV file, or a folder searched recursively for .wav files." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output file for one clip; output folder for a folder (the input's sub-folders are mirrored).",
            Required = true,
        };
        var format = CliOptions.Choice("--format", "Matrix file format.", MatrixFormat.Npy, ("npy", MatrixFormat.Npy), ("csv", MatrixFormat.Csv));
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace output files that already exist." };
        var features = new FeatureCliOptions();
        var command = new Command("features", "Compute log-mel features (librosa-compatible) and write one matrix per clip.")
        {
            input,
            output,
            format,
            overwrite,
        };
        features.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var extractor = new ClipFeatureExtractor(features.Read(parse), features.AllowResample(parse));
            return RunAsync(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(format),
                parse.GetValue(overwrite), !features.AllowResample(parse), extractor, parse.InvocationConfiguration, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string input, string output, MatrixFormat format, bool overwrite, bool noResample,
        ClipFeatureExtractor extractor, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        string extension = format == MatrixFormat.Npy ? ".npy" : ".csv";
        IReadOnlyList<(string Source, string Target)> jobs = Plan(input, output, extension);
        if (!overwrite && jobs.FirstOrDefault(j => File.Exists(j.Target)) is { Target: not null } existing)
        {
            throw new InputException($"{existing.Target}: already exists; pass --overwrite to replace existing feature files.");
        }

        if (Directory.Exists(jobs[0].Target))
        {
            throw new InputException($"{jobs[0].Target}: is a folder; --out names the file to write for one clip.");
        }

        // Full paths: a bare file name such as "a.npy" has no folder part to create. Created before the work, so a
        // read-only or blocked output fails at once; a failed run removes the folders it created empty.
        foreach (string folder in jobs.Select(j => Path.GetDirectoryName(Path.GetFullPath(j.Target))!).Distinct())
        {
            CliOutputs.CreateFolder(folder);
        }

        CliOutputs.CheckFile(jobs[0].Target, overwrite);

        var stopwatch = Stopwatch.StartNew();
        var targets = jobs.ToDictionary(j => j.Source, j => j.Target);
        var (results, failures) = await ProgressDisplay.For(console.Output).RunAsync("features", jobs.Count, progress =>
            Task.Run(() => ParallelClips.Map(jobs.Select(j => j.Source).ToList(), source =>
            {
                // Pooled buffers, no matrix per clip: over 800 clips this halved the page faults (116k to 60k) and the
                // system time (1.0 s to 0.6 s).
                (int Rows, int Columns) shape = default;
                extractor.Vectors(source, (values, rows, columns) =>
                {
                    if (format == MatrixFormat.Npy)
                    {
                        NpyFile.Write(targets[source], values, rows, columns);
                    }
                    else
                    {
                        FeatureCsv.Write(targets[source], values, rows, columns);
                    }

                    shape = (rows, columns);
                });
                return shape;
            }, progress, cancellationToken), cancellationToken));

        foreach (ClipFailure failure in failures)
        {
            await console.Error.WriteLineAsync($"error: {failure.Message}");
        }

        int written = jobs.Count - failures.Count;
        string shape = results.FirstOrDefault(r => r.Rows > 0) is var (rows, columns) && rows > 0
            ? string.Create(CultureInfo.InvariantCulture, $" ({rows} x {columns} float32 each)")
            : "";
        if (written > 0)
        {
            await console.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {CliOptions.Count(written, "feature matrix", "feature matrices")}{shape} to {output} in {CliOptions.Human(stopwatch.Elapsed)}"));
        }

        if (failures.Count > 0)
        {
            if (noResample && failures.Any(f => f.Message.Contains("resampling is off", StringComparison.Ordinal)))
            {
                await console.Error.WriteLineAsync("hint: without --no-resample such recordings are resampled to the feature rate.");
            }

            if (failures.Any(f => f.Message.Contains("too short for reflect padding", StringComparison.Ordinal)))
            {
                await console.Error.WriteLineAsync("hint: --pad-mode constant accepts clips shorter than half an FFT frame.");
            }

            await console.Error.WriteLineAsync(written == 0
                ? $"error: {(jobs.Count == 1 ? "the clip" : $"all {jobs.Count} clips")} failed; no features were written."
                : $"error: {failures.Count} of {CliOptions.Count(jobs.Count, "clip")} failed; their features were not written.");
            return ExitCodes.InputError;
        }

        return ExitCodes.Success;
    }

    /// <summary>Pairs each input clip with its output file.</summary>
    private static IReadOnlyList<(string Source, string Target)> Plan(string input, string output, string extension)
    {
        if (File.Exists(input))
        {
            string target = Directory.Exists(output) ? Path.Combine(output, Path.GetFileNameWithoutExtension(input) + extension) : output;
            return [(input, target)];
        }

        if (!Directory.Exists(input))
        {
            throw new InputException($"{input}: no such file or folder.");
        }

        if (File.Exists(output))
        {
            throw new InputException($"{output}: is a file; for a folder of clips --out must name a folder.");
        }

        string root = Path.GetFullPath(input);
        IReadOnlyList<string> sources = WavFiles.Under(root);
        if (sources.Count == 0)
        {
            throw new InputException($"{input}: the folder holds no .wav files.");
        }

        return sources.Select(s => (s, Path.Combine(output, Path.ChangeExtension(Path.GetRelativePath(root, s), extension)))).ToList();
    }
}
