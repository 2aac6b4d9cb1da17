using System.CommandLine;
using System.Globalization;
using Auscult.Data.Scenarios;
using Auscult.Data.Synthesis;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult synth --out DIR</c>: the built-in synthetic machine sounds, in the MIMII or DCASE 2020 layout.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Output folder (created; must be empty unless --overwrite).", Required = true };
        var machines = new Option<string>("--machine")
        {
            Description = "Machine types, comma-separated: fan, pump, slider, valve, or all.",
            DefaultValueFactory = _ => "all",
        };
        var ids = new Option<string>("--ids") { Description = "Machine ids, comma-separated.", DefaultValueFactory = _ => "0,2,4,6" };
        var normal = new Option<int>("--normal") { Description = "Normal clips per machine id.", DefaultValueFactory = _ => 60 };
        var abnormal = new Option<int>("--abnormal") { Description = "Abnormal clips per machine id.", DefaultValueFactory = _ => 15 };
        var snr = new Option<string>("--snr") { Description = "Signal-to-noise ratios in dB, comma-separated (MIMII: 6, 0, -6).", DefaultValueFactory = _ => "6" };
        var severity = new Option<string>("--severity")
        {
            Description = "Range of fault severities, MIN..MAX within 0..1, drawn uniformly; below about 0.3 a fault hides in the normal variation.",
            DefaultValueFactory = _ => "0.1..1",
        };
        var channels = new Option<int>("--channels") { Description = "1 (mono) or 8 (MIMII's circular microphone array).", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and options give byte-identical files.", DefaultValueFactory = _ => 1UL };
        var layout = CliOptions.Choice("--layout", "Folder layout.", SyntheticLayout.Mimii,
            ("mimii", SyntheticLayout.Mimii), ("dcase2020", SyntheticLayout.Dcase2020));
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into a folder that already holds files." };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "A drift scenario instead of a labelled data set: " + string.Join(", ", ScenarioNames.All.Select(s => s.ToName()))
                + ". Writes MACHINE/yyyyMMddTHHmmssZ.wav, a clip every 5 minutes, and scenario.json naming the event and its start.",
        };
        var days = new Option<int>("--days") { Description = "Scenario: days simulated (the event starts on the middle day).", DefaultValueFactory = _ => 14 };
        var scenarioMachines = new Option<int>("--machines") { Description = "Scenario: machines (m01 ...); the event touches m01.", DefaultValueFactory = _ => 4 };
        var clipSeconds = new Option<double>("--clip-seconds") { Description = "Scenario: seconds per clip (2 keeps tests cheap).", DefaultValueFactory = _ => 10 };
        var command = new Command("synth", "Synthesise labelled machine sounds (fan, pump, slider, valve) with faults and factory noise.")
        {
            output, machines, ids, normal, abnormal, snr, severity, channels, seed, layout, overwrite, scenario, days, scenarioMachines, clipSeconds,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(scenario) is string name)
            {
                string type = parse.GetRequiredValue(machines);
                var scenarioOptions = new ScenarioOptions
                {
                    Scenario = ScenarioNames.Parse(name),
                    Days = parse.GetValue(days),
                    Machines = parse.GetValue(scenarioMachines),
                    MachineType = string.Equals(type, "all", StringComparison.OrdinalIgnoreCase) ? MachineType.Fan : ParseMachines(type).Single(),
                    ClipDuration = TimeSpan.FromSeconds(parse.GetValue(clipSeconds)),
                    Seed = parse.GetValue(seed),
                    Channels = CliOptions.Given(parse, channels) ? parse.GetValue(channels) : null,
                };
                await CliScenario.WriteAsync(scenarioOptions, parse.GetRequiredValue(output), parse.GetValue(overwrite), parse.InvocationConfiguration.Output, cancellationToken);
                return ExitCodes.Success;
            }

            var severities = ParseRange(parse.GetRequiredValue(severity), "--severity");
            var options = new SynthesisOptions
            {
                OutputFolder = parse.GetRequiredValue(output),
                MachineTypes = ParseMachines(parse.GetRequiredValue(machines)),
                MachineIds = ParseList(parse.GetRequiredValue(ids), "--ids", word => int.Parse(word, CultureInfo.InvariantCulture)),
                NormalClipsPerId = parse.GetValue(normal),
                AbnormalClipsPerId = parse.GetValue(abnormal),
                SnrDb = ParseList(parse.GetRequiredValue(snr), "--snr", word => double.Parse(word, CultureInfo.InvariantCulture)),
                Channels = parse.GetValue(channels),
                MinimumSeverity = severities.Minimum,
                MaximumSeverity = severities.Maximum,
                Seed = parse.GetValue(seed),
                Layout = parse.GetValue(layout),
                Overwrite = parse.GetValue(overwrite),
            };
            options.Validate();
            CliOutputs.PrepareFolder(options.OutputFolder, options.Overwrite);
            await CliSynthesis.WriteAsync(options, parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<MachineType> ParseMachines(string text)
    {
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.GetValues<MachineType>();
        }

        var byName = Enum.GetValues<MachineType>().ToDictionary(t => t.ToFolderName(), StringComparer.OrdinalIgnoreCase);
        return ParseList(text, "--machine", word => byName.TryGetValue(word, out MachineType type) ? type : throw new FormatException());
    }

    /// <summary>"MIN..MAX", or one number for a fixed value.</summary>
    internal static (double Minimum, double Maximum) ParseRange(string text, string option)
    {
        string[] parts = text.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double minimum)
            && double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double maximum))
        {
            return (minimum, maximum);
        }

        throw new InputException($"{option}: '{text}' is not a range; write MIN..MAX, e.g. 0.3..1.");
    }

    private static IReadOnlyList<T> ParseList<T>(string text, string option, Func<string, T> parse)
    {
        var values = new List<T>();
        foreach (string word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                values.Add(parse(word));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InputException($"{option}: '{word}' is not a valid value.");
            }
        }

        return values.Count > 0 ? values : throw new InputException($"{option}: give at least one value.");
    }
}
