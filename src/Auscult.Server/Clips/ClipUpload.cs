namespace Auscult.Server.Clips;

/// <summary>A clip as it arrives: the WAV bytes and what the sender says about them.</summary>
/// <param name="MachineId">The machine it was recorded on.</param>
/// <param name="Wav">The WAV file's bytes.</param>
/// <param name="ClientClipId">The sender's id for it (idempotency key), or null.</param>
/// <param name="RecordedAt">When it was recorded, or null.</param>
/// <param name="MachineType">The machine's type, to register an unknown machine; or null.</param>
/// <param name="DeviceId">Who sent it: the API key's id or the agent's device id.</param>
/// <param name="Site">The site it came from (its MQTT topic), or null (HTTP: the machine's registered site is used for results).</param>
public sealed record ClipUpload(string MachineId, ReadOnlyMemory<byte> Wav, string? ClientClipId, DateTimeOffset? RecordedAt, string? MachineType,
    string? DeviceId, string? Site = null);
