using System.Diagnostics;
using System.Globalization;
using Auscult.Audio;
using Auscult.Data;
using Auscult.Data.Scenarios;
using Auscult.Drift;
using Auscult.Reports;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Torch.Benchmarks;

/// <summary>
/// <c>drift-scenarios OUT [days] [clip seconds] [training days] [steady days] [epochs]</c>: trains the autoencoder on the
/// first days of the steady scenario, runs every scenario through the drift monitor and prints, per scenario, the
/// cause named for the touched machine, the delay of the first alert in clips after the event, false alerts (before the
/// event, and on the control machines), the autoencoder's own 2-of-3 warning and 4-of-6 alarm, then the false drift
/// alerts over the long steady run and the CPU cost of the monitor per machine-day. Plots go to OUT/plots.
/// </summary>
internal static class DriftScenarioMeasurement
{
    public static void Run(string[] args)
    {
        string output = args.Length > 1 ? args[1] : "drift-out";
        int days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        double seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        int trainingDays = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
        int steadyDays = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 30;
        int epochs = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 20;
        TorchRuntime.Configure(Environment.ProcessorCount);
        Directory.CreateDirectory(Path.Combine(output, "plots"));
        var clip = TimeSpan.FromSeconds(seconds);

        // 1. The model: the steady scenario's first days, every machine pooled (and the same on the 8-channel array for
        // the dead-channel scenario: its channel 0 hears the scene a little differently from a single microphone).
        using Detector detector = Train(output, "", trainingDays, clip, epochs, channels: 1);
        using Detector arrayDetector = Train(output, "-array", trainingDays, clip, epochs, channels: 8);
        DriftReference reference = DriftAnalysis.ReferenceOf(detector.Bundle);
        DriftReference arrayReference = DriftAnalysis.ReferenceOf(arrayDetector.Bundle);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threshold {reference.Threshold:F3}, reference scores: {reference.ScoreSource} ({reference.ReferenceClipCount} clips, median {reference.Scores.Quantiles.First(q => q.Probability == 0.5).Value:F3}), expected anomaly rate {reference.ExpectedAnomalyRate:P1}"));
        Console.WriteLine("scenario | expected | cause named (m01) | first alert delay (clips) | AE warning / alarm delay (clips) | false alerts before event | control alerts | plot");

        foreach (DriftScenario scenario in ScenarioNames.All)
        {
            var options = new ScenarioOptions { Scenario = scenario, Days = days, ClipDuration = clip, Seed = 1, EventDay = Math.Min(days - 1, Math.Max(trainingDays + 1, days / 2)) };
            if (scenario == DriftScenario.DeadChannel)
            {
                Measure(arrayDetector, arrayReference, options, output);
            }
            else
            {
                Measure(detector, reference, options, output);
            }
        }

        // 3. False alerts in a long steady run, and the monitor's cost per machine-day.
        var steady = new ScenarioOptions { Scenario = DriftScenario.Steady, Days = steadyDays, ClipDuration = clip, Seed = 2, EventDay = 0 };
        var observations = ObserveAll(detector, reference, steady, output);
        int falseAlerts = 0;
        var cpu = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        int machineDays = 0;
        foreach (var (machine, list) in observations)
        {
            var monitor = new DriftMonitor(machine, reference);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (DriftObservation o in list)
            {
                monitor.Add(o);
            }

            watch.Stop();
            process.Refresh();
            cpu += process.TotalProcessorTime - before;
            wall += watch.Elapsed;
            machineDays += steadyDays;
            falseAlerts += monitor.Alerts.Count;
            foreach (DriftAlert alert in monitor.Alerts)
            {
                Console.WriteLine($"  steady false alert: {machine} {alert.Cause} at {alert.RaisedAt:O}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady {steadyDays} days x {observations.Count} machines: {falseAlerts} drift alerts ({(double)falseAlerts / observations.Count / (steadyDays / 30.0):F2} per machine-month)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"monitor cost: {wall.TotalMilliseconds / machineDays:F2} ms wall, {cpu.TotalMilliseconds / machineDays:F2} ms CPU per machine-day (observations precomputed; 288 clips a day)"));
    }

    private static Detector Train(string output, string suffix, int trainingDays, TimeSpan clip, int epochs, int channels)
    {
        var trainingOptions = new ScenarioOptions { Scenario = DriftScenario.Steady, Days = trainingDays, ClipDuration = clip, Seed = 1, Channels = channels };
        string trainFolder = Path.Combine(output, "train" + suffix);
        if (!Directory.Exists(trainFolder))
        {
            new ScenarioGenerator().Write(trainingOptions, trainFolder);
        }

        var entries = Directory.GetDirectories(trainFolder).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal)
                .Select(path => new CatalogEntry(path, Path.GetRelativePath(trainFolder, path), "fan", Path.GetFileName(folder), Domain.None, DataSplit.Train, ClipLabel.Normal)))
            .ToList();
        string modelPath = Path.Combine(output, "model" + suffix + ".bundle");
        var clock = Stopwatch.StartNew();
        if (!File.Exists(modelPath))
        {
            var preset = Models.AutoencoderPreset.Mimii with { Epochs = epochs };
            using var trained = AutoencoderTraining.Train(new ClipSelection.Selection(trainFolder, "fan", null, entries), new AutoencoderTrainingOptions { Preset = preset, Seed = 1 });
            trained.Bundle.Save(modelPath);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model{suffix}: {entries.Count} clips of {clip.TotalSeconds} s on {channels} channel(s) ({trainingDays} days x 4 machines), mimii preset, {epochs} epochs, {clock.Elapsed.TotalSeconds:F0} s -> {modelPath}"));
        return Detector.Load(modelPath);
    }

    private static Dictionary<string, List<DriftObservation>> ObserveAll(Detector detector, DriftReference reference, ScenarioOptions options, string output)
    {
        var generator = new ScenarioGenerator();
        IReadOnlyList<ScenarioClip> clips = ScenarioGenerator.Plan(options);
        // The observations of a scenario are kept in OUT/observations, so a change of the monitor's rules is measured
        // again in seconds (delete the folder, or use a new OUT, when the model or the scenarios change).
        string cache = Path.Combine(output, "observations", $"{options.Scenario.ToName()}-{options.Days}d-seed{options.Seed}-{options.ResolvedChannels}ch.bin");
        DriftObservation[] observations;
        if (File.Exists(cache))
        {
            observations = ReadObservations(cache);
        }
        else
        {
            observations = new DriftObservation[clips.Count];
            Parallel.For(0, clips.Count, i =>
            {
                AudioClip audio = generator.Render(clips[i]);
                observations[i] = DriftAnalysis.Observe(detector, reference, audio, clips[i].RecordedAt);
            });
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            WriteObservations(cache, observations);
        }

        var byMachine = new Dictionary<string, List<DriftObservation>>();
        for (int i = 0; i < clips.Count; i++)
        {
            if (!byMachine.TryGetValue(clips[i].MachineId, out var list))
            {
                byMachine[clips[i].MachineId] = list = [];
            }

            list.Add(observations[i]);
        }

        return byMachine;
    }

    private static void Measure(Detector detector, DriftReference reference, ScenarioOptions options, string output)
    {
        ScenarioEvent? scenarioEvent = ScenarioGenerator.Event(options);
        var observations = ObserveAll(detector, reference, options, output);
        string name = options.Scenario.ToName();
        DateTimeOffset eventStart = scenarioEvent?.Start ?? options.Start + TimeSpan.FromDays(options.ResolvedEventDay);
        string touched = ScenarioGenerator.MachineIds(options)[0];
        int controlAlerts = 0;
        MachineDrift? result = null;
        List<DriftObservation> mine = observations[touched];
        foreach (var (machine, list) in observations)
        {
            var monitor = new DriftMonitor(machine, reference);
            foreach (DriftObservation o in list)
            {
                monitor.Add(o);
            }

            if (machine == touched)
            {
                result = monitor.ToResult();
            }
            else
            {
                controlAlerts += monitor.Alerts.Count;
            }
        }

        int eventIndex = mine.FindIndex(o => o.RecordedAt >= eventStart);
        var before = result!.Alerts.Where(a => a.RaisedAt < eventStart).ToList();
        foreach (DriftAlert alert in before)
        {
            var w = result.Windows.FirstOrDefault(x => x.End >= alert.RaisedAt) ?? result.Windows[^1];
            var e = w.Evidence;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  false alert before the event: {alert.Cause} at {alert.RaisedAt:MM-dd HH:mm} (clip {alert.ClipIndex}); the next report ({w.End:HH:mm}, {w.Candidate}): {string.Join("; ", w.Reasons)}; n={e.ClipCount} ks={e.ScoreKs:F2}/{e.ScoreKsLimit:F2} rate={e.AnomalyRate:F3} z={e.AnomalyRateZ:F1} narrow={e.NarrowBandDb:F2}"));
        }

        DriftAlert? first = result.Alerts.FirstOrDefault(a => a.RaisedAt >= eventStart);
        DriftCause final = result.Windows[^1].Cause;
        string named = first is null ? "none" : string.Join(" -> ", result.Alerts.Where(a => a.RaisedAt >= eventStart).Select(a => a.Cause.ToString()));
        string delay = first is null || eventIndex < 0 ? "-" : (first.ClipIndex - eventIndex).ToString(CultureInfo.InvariantCulture);
        (int? warning, int? alarm) = AutoencoderRule(mine, eventIndex);
        string plot = Path.Combine(output, "plots", $"drift-{name}.png");
        PlotImage.Save(DriftPlots.Timeline(result, options.Start, scenarioEvent?.Start, $"{name}: {scenarioEvent?.Description ?? "normal operation"} ({touched})"), plot, 1400, 700);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} | {scenarioEvent?.ExpectedCause.ToString() ?? "None"} | {named} (final {final}) | {delay} | {warning?.ToString(CultureInfo.InvariantCulture) ?? "-"} / {alarm?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {before.Count} | {controlAlerts} | {plot}"));
        bool verbose = Environment.GetEnvironmentVariable("DRIFT_VERBOSE") == "1";
        var shown = verbose
            ? result.Windows.Where((w, i) => w.End >= eventStart - TimeSpan.FromHours(4) && (i % 3 == 0 || w.AlertRaised))
            : result.Windows.Where(w => w.End >= eventStart - TimeSpan.FromHours(2)).Take(6).Concat(result.Windows.Skip(result.Windows.Count - 2));
        foreach (var window in shown)
        {
            var e = window.Evidence;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {window.End:MM-dd HH:mm} {window.Cause}/{window.Candidate}{(window.AlertRaised ? " ALERT" : "")} n={e.ClipCount} short={e.ShortBroadbandShiftDb:F2} bb={e.BroadbandShiftDb:F2} tilt={e.TiltDb:F2} narrow={e.NarrowBandDb:F2} up/down={e.RisingBandShare:F2}/{e.FallingBandShare:F2} short up/down={e.ShortRisingBandShare:F2}/{e.ShortFallingBandShare:F2} short mean/narrow={e.ShortMeanShiftDb:F2}/{e.ShortNarrowBandDb:F2} ks={e.ScoreKs:F2}/{e.ScoreKsLimit:F2} rate={e.AnomalyRate:F2}/{e.ExpectedAnomalyRate:F3} z={e.AnomalyRateZ:F1} trend={e.ScoreTrendPerDay:F2} t={e.ScoreTrendT:F1} step/trend={e.StepToTrend:F2} input={e.InputProblemRate:F2}"));
        }
    }

    private static void WriteObservations(string path, DriftObservation[] observations)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(observations.Length);
        foreach (DriftObservation o in observations)
        {
            writer.Write(o.RecordedAt.UtcTicks);
            writer.Write(o.Score);
            writer.Write(o.IsAnomalous);
            writer.Write(o.HasInputProblem);
            writer.Write(o.FrameCount);
            float[]? means = o.Means;
            ushort[]? bins = o.BinCounts;
            writer.Write(means?.Length ?? -1);
            foreach (float x in means ?? [])
            {
                writer.Write(x);
            }

            writer.Write(bins?.Length ?? -1);
            foreach (ushort x in bins ?? [])
            {
                writer.Write(x);
            }
        }
    }

    private static DriftObservation[] ReadObservations(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var observations = new DriftObservation[reader.ReadInt32()];
        for (int i = 0; i < observations.Length; i++)
        {
            var at = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            double score = reader.ReadDouble();
            bool anomalous = reader.ReadBoolean(), input = reader.ReadBoolean();
            int frames = reader.ReadInt32();
            int meanCount = reader.ReadInt32();
            float[]? means = meanCount < 0 ? null : new float[meanCount];
            for (int k = 0; k < meanCount; k++)
            {
                means![k] = reader.ReadSingle();
            }

            int binCount = reader.ReadInt32();
            ushort[]? bins = binCount < 0 ? null : new ushort[binCount];
            for (int k = 0; k < binCount; k++)
            {
                bins![k] = reader.ReadUInt16();
            }

            observations[i] = new DriftObservation(at, score, anomalous, input, means, bins, frames);
        }

        return observations;
    }

    /// <summary>The autoencoder's own alert rule on the clip verdicts: a warning at 2 anomalous of the last 3, an alarm at 4 of the last 6.</summary>
    private static (int? Warning, int? Alarm) AutoencoderRule(List<DriftObservation> clips, int eventIndex)
    {
        int? warning = null, alarm = null;
        for (int i = Math.Max(0, eventIndex); i < clips.Count && eventIndex >= 0; i++)
        {
            int last3 = 0, last6 = 0;
            for (int k = 0; k < 6 && i - k >= 0; k++)
            {
                int hit = clips[i - k].IsAnomalous ? 1 : 0;
                last6 += hit;
                last3 += k < 3 ? hit : 0;
            }

            warning ??= last3 >= 2 ? i - eventIndex : null;
            alarm ??= last6 >= 4 ? i - eventIndex : null;
        }

        return (warning, alarm);
    }
}
