using Auscult.Drift;

namespace Auscult.Data.Scenarios;

/// <summary>The event a scenario stages: what happens, to which machines, from when.</summary>
/// <param name="Name">The scenario's name, e.g. <c>mic-gain-drop</c>.</param>
/// <param name="Description">What changes, in words (e.g. "microphone gain -12 dB").</param>
/// <param name="Start">When it begins.</param>
/// <param name="FullFrom">When it reaches its full size (equal to <paramref name="Start"/> for a step).</param>
/// <param name="End">When it ends (the offline gap); null when it lasts to the end.</param>
/// <param name="MachineIds">The machines it touches.</param>
/// <param name="ExpectedCause">The drift cause a monitor should name for those machines.</param>
public sealed record ScenarioEvent(string Name, string Description, DateTimeOffset Start, DateTimeOffset FullFrom, DateTimeOffset? End,
    IReadOnlyList<string> MachineIds, DriftCause ExpectedCause);
