using System.Diagnostics;
using System.Globalization;
using Auscult;
using Auscult.Agent;
using Auscult.Scoring;

// The edge agent without the CLI (no TorchSharp, Spectre or ASP.NET): what a self-contained edge build carries.
//   score MODEL WAV...        decides each clip with the managed autoencoder and prints verdict, score and time
//   agent --replay DIR --broker URL [--model M] [--every 5s] [--rate R] [--count N] [--spool DIR] [--device-id ID]
//         [--username U --password P] [--site S] [--normal-audio-every 1h|never]
// Publish: dotnet publish bench/Auscult.Agent.Footprint -c Release -r linux-arm64 --self-contained -p:PublishTrimmed=true
try
{
    if (args.Length >= 3 && args[0] == "score")
    {
        var clock = Stopwatch.StartNew();
        var detector = ManagedDetector.Load(args[1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model {detector.ModelId[..12]} loaded in {clock.Elapsed.TotalMilliseconds:F0} ms; threshold {detector.Threshold:G6}"));
        foreach (string path in args[2..])
        {
            clock.Restart();
            var decision = detector.Decide(File.ReadAllBytes(path), path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {decision.Verdict} score {decision.Score:G6} ({clock.Elapsed.TotalMilliseconds:F1} ms){(decision.UnfitReason is { } why ? $" - {why}" : "")}"));
        }

        return 0;
    }

    if (args.Length >= 1 && args[0] == "agent")
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        string? Get(string name) => options.GetValueOrDefault(name);
        var settings = new AgentSettings
        {
            ReplayFolder = Get("--replay"),
            Broker = Get("--broker"),
            Username = Get("--username"),
            Password = Get("--password"),
            Site = Get("--site"),
            DeviceId = Get("--device-id"),
            ModelPath = Get("--model"),
            Every = Get("--every") is { } every ? DurationText.Parse(every, "--every") : TimeSpan.FromMinutes(5),
            Rate = Get("--rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : 1,
            Count = Get("--count") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : null,
            SpoolFolder = Get("--spool") ?? "auscult-spool",
            NormalAudioEvery = Get("--normal-audio-every") switch
            {
                null => TimeSpan.FromHours(1),
                "never" => null,
                { } text => DurationText.Parse(text, "--normal-audio-every"),
            },
        };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var result = await AgentRunner.RunAsync(settings, Console.Out, stop.Token);
        return result.Complete ? 0 : 3;
    }

    Console.Error.WriteLine("usage: score MODEL WAV... | agent --replay DIR --broker URL [--model M] [--every 5s] [--rate R] [--count N]");
    return 2;
}
catch (AuscultException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    return 0;
}
