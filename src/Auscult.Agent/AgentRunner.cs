using System.Globalization;
using Auscult.Agent.Scoring;
using Auscult.Agent.Sources;
using Auscult.Agent.Spool;
using Auscult.Agent.Transport;
using Auscult.Data;

namespace Auscult.Agent;

/// <summary>Checks <see cref="AgentSettings"/>, opens the spool, the transport and the sources, and runs the agent.</summary>
public static class AgentRunner
{
    /// <summary>Runs the agent described by <paramref name="settings"/>, logging to <paramref name="log"/>.</summary>
    /// <exception cref="ConfigurationException">Options are missing, contradict each other or are out of range.</exception>
    /// <exception cref="InputException">A folder or file cannot be read.</exception>
    public static async Task<AgentResult> RunAsync(AgentSettings settings, TextWriter log, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = settings.ConfigFile is null ? null : AgentConfigFile.Read(settings.ConfigFile);
        string deviceId = Topics.CheckLevel(settings.DeviceId ?? config?.DeviceId ?? DefaultDeviceId(), "--device-id");
        string site = Topics.CheckLevel(settings.Site ?? config?.Site ?? "default", "--site");
        var scorer = LoadScorer(settings, log);
        var spool = ClipSpool.Open(settings.SpoolFolder, settings.SpoolLimitBytes, settings.DurableSpool);
        var sources = CreateSources(settings, config, spool, time);
        await using var transport = CreateTransport(settings, deviceId, site);
        var agent = new EdgeAgent(new AgentOptions
        {
            DeviceId = deviceId,
            Count = settings.Count,
            BackoffInitial = settings.BackoffInitial,
            BackoffMaximum = settings.BackoffMaximum,
            StatusInterval = settings.StatusInterval,
            Scorer = scorer,
            NormalAudio = new NormalAudioSampler(settings.NormalAudioEvery),
        }, spool, transport, sources, log, time);
        return await agent.RunAsync(cancellationToken);
    }

    /// <summary>The local scorer of <c>--model</c>, or null; checks that its scores have somewhere to go.</summary>
    /// <exception cref="ModelException">The bundle is not a valid autoencoder bundle.</exception>
    private static ManagedClipScorer? LoadScorer(AgentSettings settings, TextWriter log)
    {
        if (settings.ModelPath is null)
        {
            return null;
        }

        if (settings.Broker is null)
        {
            throw new ConfigurationException(
                "--model publishes each clip's score over MQTT (auscult/v1/{site}/{machineId}/local-score): give --broker; the service's HTTP API takes clips, so without --model it scores them itself.");
        }

        var scorer = ManagedClipScorer.Load(settings.ModelPath);
        var detector = scorer.Detector;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"local scoring: {settings.ModelPath} (model {detector.ModelId[..12]}, threshold {detector.Threshold:G6}); audio sent for anomalous and input-unfit clips{(settings.NormalAudioEvery is { } every ? $" and one normal clip per machine every {every}" : "")}"));
        return scorer;
    }

    /// <summary>The transport the settings ask for: exactly one of <c>--broker</c> and <c>--server</c>.</summary>
    public static IClipTransport CreateTransport(AgentSettings settings, string deviceId, string site)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if ((settings.Broker is null) == (settings.Server is null))
        {
            throw new ConfigurationException("give one destination: --broker mqtt://HOST:PORT (MQTT 5) or --server URL --key KEY (HTTP).");
        }

        if (settings.Broker is not null)
        {
            if (settings.Key is not null)
            {
                throw new ConfigurationException("--key applies to --server; a broker takes --username and --password.");
            }

            if (settings.Password is not null && settings.Username is null)
            {
                throw new ConfigurationException("--password needs --username.");
            }

            return new MqttClipTransport(MqttTransportOptions.FromUrl(settings.Broker, settings.Username, settings.Password, site, settings.CaFile), deviceId);
        }

        if (settings.Username is not null || settings.Password is not null || settings.CaFile is not null)
        {
            throw new ConfigurationException("--username, --password and --ca-file apply to --broker; the service takes --key.");
        }

        return new HttpClipTransport(settings.Server!, settings.Key ?? "");
    }

    private static List<IClipSource> CreateSources(AgentSettings settings, AgentConfigFile? config, ClipSpool spool, TimeProvider? time)
    {
        var sources = new List<IClipSource>();
        if (settings.Count is <= 0)
        {
            throw new ConfigurationException($"--count {settings.Count}: give a positive number of clips.");
        }

        bool single = settings.WatchFolder is not null || settings.AlsaDevice is not null;
        if (!single && (settings.MachineId is not null || settings.MachineType is not null))
        {
            throw new ConfigurationException("--machine-id and --machine-type name the machine of --watch or --alsa-device; a replay names its machines from the data set.");
        }

        if (single && (settings.MachineId is null || settings.MachineType is null))
        {
            throw new ConfigurationException("--watch and --alsa-device record one machine: give --machine-id (e.g. fan-01) and --machine-type (e.g. fan); several machines go in --config.");
        }

        if (settings.ReplayFolder is not null)
        {
            sources.Add(new ReplaySource(ClipCatalog.Discover(settings.ReplayFolder), settings.Count, settings.Rate, settings.Every, time));
        }

        if (settings.WatchFolder is not null)
        {
            sources.Add(new FolderSource(settings.WatchFolder, settings.MachineId!, settings.MachineType!, settings.PollInterval, time));
        }

        string scratch = Path.Combine(spool.Folder, "capture");
        if (settings.AlsaDevice is not null)
        {
            sources.Add(new SoundCardSource(new SoundCardOptions
            {
                Device = settings.AlsaDevice,
                SampleRate = settings.SampleRate,
                Channels = settings.Channels,
                Duration = settings.Duration,
                Every = settings.Every,
                Microphones = [new Microphone(settings.MachineId!, settings.MachineType!)],
            }, scratch, time));
        }

        if (config is not null)
        {
            foreach (var card in config.SoundCardOptions(settings.ConfigFile!))
            {
                sources.Add(new SoundCardSource(card, scratch, time));
            }

            for (int i = 0; i < config.Folders.Count; i++)
            {
                var entry = config.Folders[i];
                string where = $"{settings.ConfigFile}: folders[{i}]";
                if (entry.Path is null || entry.Machine?.Id is null || entry.Machine.Type is null)
                {
                    throw new ConfigurationException($"{where}: give \"path\" and \"machine\": {{ \"id\", \"type\" }}.");
                }

                sources.Add(new FolderSource(entry.Path, entry.Machine.Id, entry.Machine.Type, settings.PollInterval, time));
            }
        }

        if (sources.Count == 0)
        {
            throw new ConfigurationException("give a source: --replay DIR, --watch DIR, --alsa-device DEVICE or --config FILE.");
        }

        var duplicates = sources.OfType<SoundCardSource>().GroupBy(s => s.Device).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ConfigurationException($"sound card {duplicates[0]} is named twice: list all its machines under one entry, each with its channel.");
        }

        foreach (var folder in sources.OfType<FolderSource>())
        {
            folder.FinishMoves(spool.Snapshot().Select(c => c.Metadata));
        }

        if (sources.OfType<SoundCardSource>().Any() && !CanFind(sources.OfType<SoundCardSource>().First().Recorder))
        {
            throw new ConfigurationException("arecord is not on PATH: install alsa-utils (apt install alsa-utils) to record a sound card.");
        }

        return sources;
    }

    private static bool CanFind(string program) =>
        Path.IsPathRooted(program)
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(folder => File.Exists(Path.Combine(folder, program)));

    private static string DefaultDeviceId()
    {
        string name = new(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return name.Length == 0 ? "edge" : name;
    }
}
