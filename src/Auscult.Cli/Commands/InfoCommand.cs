using System.CommandLine;
using System.Globalization;
using Auscult.Audio;
using Auscult.Data;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult info FILE|DIR</c>: a recording's format, or a data set's layout and clip counts.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A WAV file or a data-set folder." };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("info", "Show a recording's format, or a data set's layout and its clip counts per machine, split and label.")
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
        else
        {
            WriteFile(path, WavReader.ReadInfo(path), format, output);
        }
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
