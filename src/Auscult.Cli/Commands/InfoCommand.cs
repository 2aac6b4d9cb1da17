using System.CommandLine;
using System.Globalization;
using Auscult.Audio;
using Auscult.Data;
using Auscult.Drift;
using Auscult.Torch.Bundles;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult info FILE|MODEL|DIR</c>: a recording's format, a model bundle's summary, or a data set's layout and clip counts.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A WAV file, a model bundle or a data-set folder." };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("info", "Show a recording's format, a model's summary, or a data set's layout and its clip counts per machine, split and label.")
        {
            path,
            format,
        };
        command.SetAction(parse =>
        {
            Run(parse.GetRequiredValue(path), parse.GetValue(format), parse.InvocationConfiguration.Output);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Run(string path, OutputFormat format, TextWriter output)
    {
        if (Directory.Exists(path))
        {
            var catalog = ClipCatalog.Discover(path);
            WriteDataset(catalog.Summarize(), ModelAdvisor.For(catalog), format, output);
        }
        else if (IsZip(path))
        {
            using var bundle = CliModels.LoadBundle(path);
            WriteModel(path, bundle, format, output);
        }
        else
        {
            WriteFile(path, WavReader.ReadInfo(path), format, output);
        }
    }

    /// <summary>Whether the file starts as a zip does (a model bundle); a WAV starts with RIFF.</summary>
    private static bool IsZip(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static void WriteModel(string path, ModelBundle bundle, OutputFormat format, TextWriter output)
    {
        BundleManifest m = bundle.Manifest;
        TrainingDataSummary t = m.TrainingData;
        if (format == OutputFormat.Json)
        {
            CliJson.Write(output, new
            {
                file = path,
                identity = bundle.Identity,
                m.FormatVersion,
                modelKind = bundle.Kind.ToString().ToLowerInvariant(),
                m.Preset,
                m.Threshold,
                trainingData = t,
                m.CreatedUtc,
            });
            return;
        }

        var f = m.Features;
        var table = new TextTable("property", "value")
            .Add("file", path)
            .Add("model", $"{bundle.Kind.ToString().ToLowerInvariant()} ({m.Preset}), format {m.FormatVersion}")
            .Add("identity", $"sha256:{bundle.Identity}")
            .Add("features", $"{f.MelBandCount} mel bands at {f.SampleRate} Hz, hop {f.HopLength}, {f.ContextFrames} context frames")
            .Add("threshold", m.Threshold is { } threshold
                ? string.Create(CultureInfo.InvariantCulture, $"{threshold.Value:0.####} ({CliModels.DescribeThreshold(threshold)})")
                : "none")
            .Add("trained on", $"{CliOptions.Count(t.ClipCount, "clip")}{(t.MachineType is null ? "" : $" of '{t.MachineType}'")}{(t.MachineId is null ? "" : $" {t.MachineId}")}, {m.CreatedUtc:yyyy-MM-dd HH:mm} UTC")
            .Add("training scores", t.Scores is { } s ? Describe(s) : "not recorded")
            .Add("training input", t.Input is { } input ? Describe(input) : "not recorded (a bundle from before format 3)")
            .Add("training bands", t.Bands is { } bands ? Describe(bands) : "not recorded (a bundle from before format 3)");
        table.Write(output);
    }

    private static string Describe(ScoreDistribution s)
    {
        double Quantile(double p) => s.Quantiles.FirstOrDefault(q => q.Probability == p)?.Value ?? double.NaN;
        return string.Create(CultureInfo.InvariantCulture,
            $"mean {s.Mean:0.###}, sd {s.StandardDeviation:0.###}, median {Quantile(0.5):0.###}, 95% {Quantile(0.95):0.###} ({CliOptions.Count(s.Count, "clip")})");
    }

    private static string Describe(Health.InputReference r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.SampleRate} Hz, {r.Duration.TotalSeconds:0.##} s, level {r.MeanRmsDbfs:0.0} dBFS (sd {r.RmsDbfsStandardDeviation:0.0} dB{(r.MinRmsDbfs is { } min && r.MaxRmsDbfs is { } max ? $", {min:0.0} to {max:0.0}" : "")})");

    private static string Describe(BandStatistics b)
    {
        var means = b.Bands.Select(x => x.Mean).ToList();
        int low = b.Probabilities.ToList().IndexOf(0.05), high = b.Probabilities.ToList().IndexOf(0.95);
        string spread = low >= 0 && high >= 0
            ? string.Create(CultureInfo.InvariantCulture, $", median 5-95% spread {Median(b.Bands.Select(x => x.Quantiles[high] - x.Quantiles[low])):0.0} dB")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{b.Bands.Count} bands over {CliOptions.Count((int)Math.Min(int.MaxValue, b.FrameCount), "frame")}: band means {means.Min():0.0} to {means.Max():0.0} dB (mean {b.MeanLevel:0.0}){spread}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static void WriteFile(string path, WavInfo info, OutputFormat format, TextWriter output)
    {
        if (format == OutputFormat.Json)
        {
            CliJson.Write(output, new
            {
                file = path,
                format = info.FormatName,
                formatTag = info.FormatTag,
                info.BitsPerSample,
                channels = info.ChannelCount,
                sampleRateHz = info.SampleRate,
                frames = info.FrameCount,
                durationSeconds = info.Duration.TotalSeconds,
            });
            return;
        }

        var table = new TextTable("property", "value")
            .Add("file", path)
            .Add("format", $"{info.FormatName}, {info.BitsPerSample}-bit")
            .Add("channels", info.ChannelCount)
            .Add("sample rate", $"{info.SampleRate} Hz")
            .Add("duration", string.Create(CultureInfo.InvariantCulture, $"{info.Duration.TotalSeconds:0.000} s ({info.FrameCount} frames)"));
        table.Write(output);
    }

    private static void WriteDataset(CatalogSummary summary, IReadOnlyList<ModelAdvice> advice, OutputFormat format, TextWriter output)
    {
        if (format == OutputFormat.Json)
        {
            CliJson.Write(output, new
            {
                summary.Root,
                summary.Layout,
                clips = summary.Total,
                summary.Ignored,
                byMachineType = summary.ByMachineType,
                byLabel = summary.ByLabel.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
                bySplit = summary.BySplit.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
                machines = summary.Machines,
                advice = advice.Select(a => new
                {
                    a.MachineType,
                    a.LabelledAnomalies,
                    a.TrainingAnomalies,
                    model = a.Model.ToString().ToLowerInvariant(),
                    a.Reason,
                }),
            });
            return;
        }

        output.WriteLine($"folder: {summary.Root}");
        output.WriteLine($"layout: {LayoutName(summary.Layout)}");
        output.WriteLine($"clips:  {summary.Total}" + (summary.Ignored > 0 ? $" ({CliOptions.Count(summary.Ignored, "file")} ignored: they match no name of this layout)" : ""));
        output.WriteLine($"labels: {string.Join(", ", summary.ByLabel.Where(p => p.Value > 0).Select(p => $"{p.Value} {p.Key.ToString().ToLowerInvariant()}"))}");
        output.WriteLine();
        var table = new TextTable("machine type", "machine", ">train", ">test normal", ">test anomaly", ">unused");
        foreach (MachineSummary m in summary.Machines)
        {
            table.Add(m.MachineType, m.MachineId, m.Train, m.TestNormal, m.TestAnomaly, m.Unused + m.TestUnknown);
        }

        table.Write(output);
        output.WriteLine();
        output.WriteLine("which model:");
        foreach (ModelAdvice a in advice)
        {
            output.WriteLine($"  {a.MachineType}: {a.Model.ToString().ToLowerInvariant()}. {char.ToUpperInvariant(a.Reason[0])}{a.Reason[1..]}");
            if (a.Model == RecommendedModel.Classifier)
            {
                output.WriteLine($"    'auscult compare --data {summary.Root} --machine-type {a.MachineType}' trains and compares both.");
            }
        }
    }

    private static string LayoutName(DatasetLayout layout) => layout switch
    {
        DatasetLayout.Mimii => "MIMII (<type>/id_XX/{normal,abnormal}/*.wav)",
        DatasetLayout.Dcase2020 => "DCASE 2020 Task 2 (<type>/{train,test}/{normal,anomaly}_id_XX_*.wav)",
        DatasetLayout.Dcase2021 => "DCASE 2021+ Task 2 (section_XX_{source,target}_{train,test}_{normal,anomaly}_*.wav)",
        DatasetLayout.NormalAbnormalFolders => "plain normal/ and abnormal/ folders",
        _ => layout.ToString(),
    };
}
