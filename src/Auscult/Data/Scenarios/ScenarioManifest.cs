namespace Auscult.Data.Scenarios;

/// <summary>
/// What a scenario folder holds (<c>scenario.json</c>): the scenario, its clock, the machines and the event. The clips
/// are <c>MACHINE/yyyyMMddTHHmmssZ.wav</c> below the folder (see <see cref="ScenarioGenerator.FileName"/>).
/// </summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="MachineType">The machines' type, e.g. <c>fan</c>.</param>
/// <param name="Start">The first clip's time.</param>
/// <param name="Interval">Time between clips of one machine.</param>
/// <param name="Days">Days simulated.</param>
/// <param name="ClipSeconds">Each clip's length, in seconds.</param>
/// <param name="SampleRate">In Hz.</param>
/// <param name="Channels">1, or 8 for the array of the dead-channel scenario.</param>
/// <param name="SnrDb">Machine-to-background ratio before the event, in dB.</param>
/// <param name="Seed">The global seed.</param>
/// <param name="MachineIds">The machines.</param>
/// <param name="Events">The event (none for <c>steady</c>).</param>
/// <param name="ClipCount">Clips written.</param>
public sealed record ScenarioManifest(string Scenario, string MachineType, DateTimeOffset Start, TimeSpan Interval, int Days, double ClipSeconds,
    int SampleRate, int Channels, double SnrDb, ulong Seed, IReadOnlyList<string> MachineIds, IReadOnlyList<ScenarioEvent> Events, int ClipCount)
{
    /// <summary>The manifest's file name in a scenario folder.</summary>
    public const string FileName = "scenario.json";
}
