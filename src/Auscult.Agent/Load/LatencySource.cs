namespace Auscult.Agent.Load;

/// <summary>What a run's latencies measure, from the moment a clip was due to leave.</summary>
public enum LatencySource
{
    /// <summary>To the receiver's acknowledgement, which is the stored score (HTTP: the service answers after its commit).</summary>
    Response,

    /// <summary>To the receiver's acknowledgement, which is not yet a stored score (MQTT: the broker's PUBACK).</summary>
    Acknowledgement,

    /// <summary>To the first score's time in the database (the check; same clock on one host, millisecond resolution).</summary>
    Database,
}
