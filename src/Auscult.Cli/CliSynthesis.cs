using System.Diagnostics;
using System.Globalization;
using Auscult.Data.Synthesis;

namespace Auscult.Cli;

/// <summary>Writes a synthetic data set with progress and a summary line (<c>synth</c> and <c>demo</c>).</summary>
internal static class CliSynthesis
{
    public static async Task WriteAsync(SynthesisOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        options.Validate();
        int total = SyntheticDatasetWriter.Plan(options).Count;
        var stopwatch = Stopwatch.StartNew();
        var clips = await ProgressDisplay.For(output).RunAsync("synth", total, progress =>
            Task.Run(() => new SyntheticDatasetWriter().Write(options, progress, cancellationToken), cancellationToken));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {CliOptions.Count(clips.Count, "clip")} ({clips.Count(c => c.Spec.Label == Data.ClipLabel.Anomaly)} abnormal) and {SyntheticDatasetWriter.ManifestFileName} to {options.OutputFolder} in {CliOptions.Human(stopwatch.Elapsed)}"));
    }
}
