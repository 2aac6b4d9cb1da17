using System.Text.Json;

namespace Auscult.Agent;

/// <summary>
/// The agent's JSON configuration file (<c>--config FILE</c>) for several machines and microphones on one device.
/// </summary>
/// <example>
/// <code>
/// {
///   "deviceId": "edge-01",
///   "site": "plant-a",
///   "soundCards": [
///     { "device": "hw:1,0", "sampleRate": 16000, "channels": 2, "duration": "10s", "every": "5m",
///       "machines": [ { "id": "fan-01", "type": "fan", "channel": 0 }, { "id": "pump-01", "type": "pump", "channel": 1 } ] }
///   ],
///   "folders": [ { "path": "/srv/recorder/valve-01", "machine": { "id": "valve-01", "type": "valve" } } ]
/// }
/// </code>
/// </example>
public sealed class AgentConfigFile
{
    /// <summary>This device's id; the command line's <c>--device-id</c> wins.</summary>
    public string? DeviceId { get; set; }

    /// <summary>The site; the command line's <c>--site</c> wins.</summary>
    public string? Site { get; set; }

    /// <summary>ALSA devices and the machines each hears.</summary>
    public List<SoundCardEntry> SoundCards { get; set; } = [];

    /// <summary>Folders that recorders fill, one machine each.</summary>
    public List<FolderEntry> Folders { get; set; } = [];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The file is missing or not valid JSON of this shape; the message names the file and the place.</exception>
    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static AgentConfigFile Read(string path)
    {
        AgentConfigFile? config;
        try
        {
            using var stream = File.OpenRead(path);
            config = JsonSerializer.Deserialize(stream, AgentJsonContext.Default.AgentConfigFile);
        }
        catch (FileNotFoundException e)
        {
            throw new InputException($"{path}: no such file (--config).", e);
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not a valid agent configuration{(e.Path is { } at ? $" at {at}" : "")}: {e.Message}", e);
        }

        if (config is null || (config.SoundCards.Count == 0 && config.Folders.Count == 0))
        {
            throw new ConfigurationException($"{path}: name at least one entry in \"soundCards\" or \"folders\".");
        }

        return config;
    }

    /// <summary>The sound-card options of each entry, validated.</summary>
    public IReadOnlyList<Sources.SoundCardOptions> SoundCardOptions(string path) => SoundCards.Select((card, i) =>
    {
        string where = $"{path}: soundCards[{i}]";
        var options = new Sources.SoundCardOptions
        {
            Device = card.Device ?? "default",
            SampleRate = card.SampleRate ?? 16000,
            Channels = card.Channels ?? 1,
            Duration = card.Duration is null ? TimeSpan.FromSeconds(10) : DurationText.Parse(card.Duration, $"{where}.duration"),
            Every = card.Every is null ? TimeSpan.FromMinutes(5) : DurationText.Parse(card.Every, $"{where}.every"),
            Microphones = card.Machines.Select(m => new Sources.Microphone(
                m.Id ?? throw new ConfigurationException($"{where}: a machine has no \"id\"."),
                m.Type ?? throw new ConfigurationException($"{where}: machine {m.Id} has no \"type\"."),
                m.Channel)).ToList(),
        };
        try
        {
            options.Validate();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{where}: {e.Message}", e);
        }

        return options;
    }).ToList();

    /// <summary>One ALSA device.</summary>
    public sealed class SoundCardEntry
    {
        public string? Device { get; set; }

        public int? SampleRate { get; set; }

        public int? Channels { get; set; }

        /// <summary>E.g. <c>10s</c>.</summary>
        public string? Duration { get; set; }

        /// <summary>E.g. <c>5m</c>.</summary>
        public string? Every { get; set; }

        public List<MachineEntry> Machines { get; set; } = [];
    }

    /// <summary>One watched folder.</summary>
    public sealed class FolderEntry
    {
        public string? Path { get; set; }

        public MachineEntry? Machine { get; set; }
    }

    /// <summary>One machine.</summary>
    public sealed class MachineEntry
    {
        public string? Id { get; set; }

        public string? Type { get; set; }

        /// <summary>The sound card's channel (0-based) of its microphone.</summary>
        public int? Channel { get; set; }
    }
}
