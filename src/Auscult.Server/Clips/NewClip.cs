namespace Auscult.Server.Clips;

/// <summary>A clip about to be stored (the clips row).</summary>
public sealed record NewClip(string Id, string MachineId, string ClientClipId, string? DeviceId, DateTimeOffset ReceivedAt, DateTimeOffset? RecordedAt,
    string Format, int SampleRate, int Channels, TimeSpan Duration, long SizeBytes, string Sha256, ClipHealth Health, string? AudioPath);
