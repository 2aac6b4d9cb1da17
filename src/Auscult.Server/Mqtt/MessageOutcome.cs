using Auscult.Server.Clips;

namespace Auscult.Server.Mqtt;

/// <summary>What became of an MQTT message: stored (or found stored before), or refused with a reason. Both are acknowledged.</summary>
/// <param name="Site">The site its topic named, or null when the topic was not one the service reads.</param>
/// <param name="Result">The stored clip's result; null when refused.</param>
/// <param name="Refusal">Why it was refused; null when stored.</param>
/// <param name="ClientClipId">The sender's clip id, when the message carried one.</param>
/// <param name="DeviceId">The sender's device id, when the message carried one.</param>
public sealed record MessageOutcome(string? Site, ClipResult? Result, string? Refusal, string? ClientClipId, string? DeviceId)
{
    /// <summary>Whether the message was stored (or had been).</summary>
    public bool Stored => Result is not null;
}
