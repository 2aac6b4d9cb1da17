using System.CommandLine;
using System.Globalization;
using Auscult.Drift;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult drift --model BUNDLE --data DIR [--window 1d] [--format table|json]</c>: per machine, rolling windows of
/// recent clips against the model's training reference, with a cause, its evidence and a recommendation.
/// </summary>
internal static class DriftCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "The model bundle whose training reference the clips are compared with.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Folder of machine folders of clips named by their UTC recording time: MACHINE/yyyyMMddTHHmmssZ.wav.", Required = true };
        var window = new Option<string>("--window") { Description = "The rolling window: e.g. 1d, 12h, 90m.", DefaultValueFactory = _ => "1d" };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("drift", "Tell whether each machine's recent clips drift from the training clips, and why: input, environment (microphone or background), operating point or the machine.")
        {
            model, data, window, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DriftOptions { Window = ParseWindow(parse.GetRequiredValue(window)) };
            options = options with { ShortWindow = options.ShortWindow > options.Window ? options.Window : options.ShortWindow };
            options.Validate();
            TextWriter output = parse.InvocationConfiguration.Output;
            using Detector detector = CliModels.LoadDetector(parse.GetRequiredValue(model));
            string folder = parse.GetRequiredValue(data);
            int total = Directory.Exists(folder) ? Directory.GetDirectories(folder).Sum(d => Directory.EnumerateFiles(d, "*.wav").Count()) : 0;
            // JSON goes to the output alone; its progress to the error stream.
            TextWriter progressOutput = parse.GetValue(format) == OutputFormat.Json ? parse.InvocationConfiguration.Error : output;
            var machines = await ProgressDisplay.For(progressOutput).RunAsync("drift", total, progress =>
                Task.Run(() => DriftAnalysis.Run(detector, folder, options, new Relay(progress), cancellationToken), cancellationToken));
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(output, new { model = detector.ModelId, window = options.Window, machines });
            }
            else
            {
                WriteTable(machines, output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A duration with its unit; <c>d</c> (days) besides those <see cref="CliOptions.ParseDuration"/> reads.</summary>
    internal static TimeSpan ParseWindow(string text)
    {
        string t = text.Trim();
        if (t.EndsWith('d') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double days) && days > 0 && days <= 366)
        {
            return TimeSpan.FromDays(days);
        }

        return CliOptions.ParseDuration(t, "--window");
    }

    private static void WriteTable(IReadOnlyList<MachineDrift> machines, TextWriter output)
    {
        var table = new TextTable("machine", "windows", "alerts", "cause now", "since", "evidence (last window)");
        foreach (MachineDrift machine in machines)
        {
            DriftWindow? last = machine.Windows.Count > 0 ? machine.Windows[^1] : null;
            DriftAlert? current = machine.Alerts.LastOrDefault();
            string since = last is null || last.Cause == DriftCause.None || current is null ? "" : current.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            string evidence = last is null ? "" : Evidence(last.Evidence);
            table.Add(machine.MachineId, machine.Windows.Count, machine.Alerts.Count, Name(last?.Cause ?? DriftCause.None), since, evidence);
        }

        table.Write(output);
        foreach (MachineDrift machine in machines)
        {
            foreach (DriftAlert alert in machine.Alerts)
            {
                DriftWindow? window = machine.Windows.FirstOrDefault(w => w.End >= alert.RaisedAt);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{machine.MachineId} {alert.RaisedAt.UtcDateTime:yyyy-MM-dd HH:mm}: {Name(alert.Cause)}{(window is null ? "" : ": " + string.Join("; ", window.Reasons))}"));
            }

            if (machine.Windows.Count > 0 && machine.Windows[^1].Cause != DriftCause.None)
            {
                output.WriteLine($"{machine.MachineId}: {machine.Windows[^1].Recommendation}");
            }
        }
    }

    private static string Evidence(DriftStatistics s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.ClipCount} clips, broadband {s.BroadbandShiftDb:+0.0;-0.0} dB, tilt {s.TiltDb:+0.0;-0.0} dB, narrow-band {s.NarrowBandDb:0.0} dB, score KS {s.ScoreKs:0.00}, anomaly rate {s.AnomalyRate:P0} ({s.ExpectedAnomalyRate:P0} expected), input faults {s.InputProblemRate:P0}");

    /// <summary>Passes the workflow's clip count on, on the reporting thread (Progress&lt;T&gt; would post it to the pool, out of order).</summary>
    private sealed class Relay(IProgress<int> target) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => target.Report(value.Done);
    }

    private static string Name(DriftCause cause) => cause == DriftCause.OperatingPoint ? "operating-point" : cause.ToString().ToLowerInvariant();
}
