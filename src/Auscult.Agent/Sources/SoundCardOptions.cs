namespace Auscult.Agent.Sources;

/// <summary>One ALSA capture device and the schedule it records on.</summary>
public sealed record SoundCardOptions
{
    /// <summary>The ALSA device (<c>arecord -D</c>), e.g. <c>default</c>, <c>hw:1,0</c> or <c>plughw:CARD=Device,DEV=0</c>.</summary>
    /// <value>Default <c>default</c>.</value>
    public string Device { get; init; } = "default";

    /// <summary>Frames per second (Hz).</summary>
    /// <value>Default 16000.</value>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Channels recorded.</summary>
    /// <value>Default 1.</value>
    public int Channels { get; init; } = 1;

    /// <summary>Length of each clip.</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time from the start of one recording to the start of the next.</summary>
    /// <value>Default 5 min.</value>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The recorder; default <c>arecord</c> found on PATH.</summary>
    public string Recorder { get; init; } = "arecord";

    /// <summary>The machines this device hears (several on a multi-channel card).</summary>
    public required IReadOnlyList<Microphone> Microphones { get; init; }

    /// <exception cref="ConfigurationException">A value is out of range or two machines share a name.</exception>
    public void Validate()
    {
        if (SampleRate is < 1000 or > 384000)
        {
            throw new ConfigurationException($"sample rate {SampleRate} Hz on {Device}: give 1000 to 384000 (e.g. 16000).");
        }

        if (Channels is < 1 or > 64)
        {
            throw new ConfigurationException($"channels {Channels} on {Device}: give 1 to 64.");
        }

        if (Duration < TimeSpan.FromMilliseconds(100) || Duration > TimeSpan.FromMinutes(10))
        {
            throw new ConfigurationException($"duration {Duration} on {Device}: give 0.1 s to 10 min.");
        }

        if (Every < Duration)
        {
            throw new ConfigurationException($"every {Every} on {Device} is shorter than the duration {Duration}: a device records one clip at a time.");
        }

        if (Microphones.Count == 0)
        {
            throw new ConfigurationException($"device {Device}: name at least one machine.");
        }

        foreach (var microphone in Microphones)
        {
            Transport.Topics.CheckLevel(microphone.MachineId, "machine id");
            Transport.Topics.CheckLevel(microphone.MachineType, "machine type");
            if (microphone.Channel is { } channel && (channel < 0 || channel >= Channels))
            {
                throw new ConfigurationException(
                    $"machine {microphone.MachineId}: channel {channel} is not one of the {Channels} channels recorded on {Device} (0 to {Channels - 1}).");
            }
        }

        if (Microphones.Count > 1 && Microphones.Any(m => m.Channel is null))
        {
            throw new ConfigurationException($"device {Device} hears several machines: give each its channel.");
        }
    }
}
