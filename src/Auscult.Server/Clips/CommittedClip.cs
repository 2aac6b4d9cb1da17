namespace Auscult.Server.Clips;

/// <summary>A clip's result once its transaction committed (or its earlier result, for a clip id seen before).</summary>
/// <param name="Result">The stored result.</param>
/// <param name="Site">The site the clip came from (its MQTT topic), or null when it came over HTTP.</param>
/// <param name="ClientClipId">The sender's clip id, or null.</param>
/// <param name="DeviceId">The sending device or API key, or null.</param>
/// <param name="RecordedAt">When the sender says it was recorded, or null.</param>
public sealed record CommittedClip(ClipResult Result, string? Site, string? ClientClipId, string? DeviceId, DateTimeOffset? RecordedAt);
