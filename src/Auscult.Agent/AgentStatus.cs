namespace Auscult.Agent;

/// <summary>
/// The retained status message of a device on <c>auscult/v1/{site}/{deviceId}/status</c>; the last will carries the
/// same shape with <see cref="Online"/> false and <see cref="State"/> <c>offline</c>.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="State"><c>online</c> or <c>offline</c>.</param>
/// <param name="Online">Whether the agent is connected and running.</param>
/// <param name="SpoolDepth">Clips waiting in the spool.</param>
/// <param name="SpoolBytes">Bytes waiting in the spool.</param>
/// <param name="Dropped">Clips dropped because the spool was full (since the agent started).</param>
/// <param name="Rejected">Clips the broker or service refused for good (since the agent started).</param>
/// <param name="Acknowledged">Clips delivered and acknowledged (since the agent started).</param>
/// <param name="LastError">The last delivery or capture error, or null.</param>
/// <param name="At">When this status was made.</param>
public sealed record AgentStatus(
    string DeviceId,
    string State,
    bool Online,
    int SpoolDepth,
    long SpoolBytes,
    long Dropped,
    long Rejected,
    long Acknowledged,
    string? LastError,
    DateTimeOffset At);
