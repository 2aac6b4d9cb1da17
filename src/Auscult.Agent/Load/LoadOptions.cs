using Auscult.Data.Synthesis;

namespace Auscult.Agent.Load;

/// <summary>What <see cref="LoadGenerator"/> sends: how many simulated devices, how many clips, how fast.</summary>
public sealed record LoadOptions
{
    /// <summary>Simulated devices (edge agents), each with its own connection; default 8.</summary>
    public int Devices { get; init; } = 8;

    /// <summary>Clips to send over all devices together; default 1,000.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>
    /// Clips per second over all devices together (an open loop: clip <c>i</c> leaves at <c>i / Rate</c> seconds whether or
    /// not earlier ones were answered, and its latency counts from then), or null for as fast as the receiver answers
    /// (each device sends its next clip when the previous one is acknowledged).
    /// </summary>
    public double? Rate { get; init; }

    /// <summary>Machines behind each device; clips go to them in turn; default 1.</summary>
    public int MachinesPerDevice { get; init; } = 1;

    /// <summary>The machines' type (sent with each clip, so unknown machines register themselves); default fan.</summary>
    public MachineType MachineType { get; init; } = MachineType.Fan;

    /// <summary>Names devices <c>{Prefix}-d001</c> and machines <c>{Prefix}-d001-m01</c>; default <c>load</c>.</summary>
    public string Prefix { get; init; } = "load";

    /// <summary>Length of each synthetic clip; default 10 s (320 KB of 16-bit 16 kHz mono, the MIMII clip).</summary>
    public TimeSpan ClipDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Distinct synthetic clips generated before the run and sent in turn (so synthesis is not what is measured); default 8.</summary>
    public int PoolSize { get; init; } = 8;

    /// <summary>
    /// The share of rounds (a round gives every machine its next clip) whose clips are anomalous, 0 to 1: rounds run in
    /// tens, the first <c>round(10 x share)</c> of each ten anomalous (a normal clip with a loud 3 kHz whine), so each machine
    /// sees runs of anomalous clips that open, escalate and clear alerts; default 0 (all normal).
    /// </summary>
    public double AnomalousShare { get; init; }

    /// <summary>Seed of the synthetic clips; default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Further attempts of a clip the receiver asked to retry (5xx, 429, a network error), with the same clip id; default 3.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>
    /// With a check of a broker run (where an acknowledgement is not yet a stored score): how long to wait after the last
    /// acknowledgement for every acknowledged clip to be stored before counting the missing ones lost; the database is
    /// read every half second and the wait ends as soon as all are there. Default 60 s.
    /// </summary>
    public TimeSpan CheckWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many clips in flight at once with a fixed <see cref="Rate"/>; default 1,024.</summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>The machine id of machine <paramref name="machine"/> (from 0) of device <paramref name="device"/> (from 0).</summary>
    public string MachineId(int device, int machine) => $"{DeviceId(device)}-m{machine + 1:D2}";

    /// <summary>The id of device <paramref name="device"/> (from 0).</summary>
    public string DeviceId(int device) => $"{Prefix}-d{device + 1:D3}";

    /// <summary>Whether clip <paramref name="index"/> of the run is anomalous (see <see cref="AnomalousShare"/>).</summary>
    public bool IsAnomalous(int index) => index / (Devices * MachinesPerDevice) % 10 < (int)Math.Round(10 * AnomalousShare);

    /// <summary>Every machine id the run sends clips for.</summary>
    public IReadOnlyList<string> MachineIds() =>
        [.. Enumerable.Range(0, Devices).SelectMany(d => Enumerable.Range(0, MachinesPerDevice).Select(m => MachineId(d, m)))];

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ConfigurationException">A value is out of range; the message names the option.</exception>
    public void Validate()
    {
        Require(Devices is >= 1 and <= 100_000, "--devices must be 1 to 100000");
        Require(Count >= 1, "--count must be at least 1");
        Require(Rate is null || (double.IsFinite(Rate.Value) && Rate.Value > 0), "--rate must be a positive number of clips per second");
        Require(MachinesPerDevice is >= 1 and <= 1000, "--machines-per-device must be 1 to 1000");
        Require(ClipDuration > TimeSpan.Zero && ClipDuration <= TimeSpan.FromMinutes(1), "the clip duration must be above 0 and at most 60 s");
        Require(PoolSize >= 1, "the clip pool needs at least one clip");
        Require(AnomalousShare is >= 0 and <= 1, "--anomalous must be 0 to 1");
        Require(Retries >= 0, "--retries cannot be negative");
        Require(CheckWait >= TimeSpan.Zero && CheckWait <= TimeSpan.FromHours(1), "--check-wait must be 0 to 1 h");
        Require(MaxInFlight >= 1, "at least one clip must be allowed in flight");
        Transport.Topics.CheckLevel(MachineId(Devices - 1, MachinesPerDevice - 1), "the machine id");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(message + ".");
        }
    }
}
