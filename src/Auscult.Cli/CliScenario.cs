using System.Diagnostics;
using System.Globalization;
using Auscult.Data.Scenarios;

namespace Auscult.Cli;

/// <summary>Writes a drift scenario with progress and a summary line (<c>synth --scenario</c>).</summary>
internal static class CliScenario
{
    public static async Task WriteAsync(ScenarioOptions options, string folder, bool overwrite, TextWriter output, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(options.ClipDuration.TotalSeconds) || options.ClipDuration <= TimeSpan.Zero)
        {
            throw new ConfigurationException("--clip-seconds must be a positive number of seconds.");
        }

        options.Validate();
        CliOutputs.PrepareFolder(folder, overwrite);
        int total = ScenarioGenerator.Plan(options).Count;
        var stopwatch = Stopwatch.StartNew();
        ScenarioManifest manifest = await ProgressDisplay.For(output).RunAsync("synth", total, progress =>
            Task.Run(() => new ScenarioGenerator().Write(options, folder, progress, cancellationToken), cancellationToken));
        ScenarioEvent? e = manifest.Events.FirstOrDefault();
        string what = e is null ? "no event" : string.Create(CultureInfo.InvariantCulture, $"{e.Description} on {string.Join(", ", e.MachineIds)} from {e.Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {manifest.Scenario}: {CliOptions.Count(manifest.ClipCount, "clip")} from {CliOptions.Count(manifest.MachineIds.Count, "machine")} over {manifest.Days} days ({what}) and {ScenarioManifest.FileName} to {folder} in {CliOptions.Human(stopwatch.Elapsed)}"));
    }
}
