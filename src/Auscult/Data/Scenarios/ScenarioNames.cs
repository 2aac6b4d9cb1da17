namespace Auscult.Data.Scenarios;

/// <summary>The kebab-case names of <see cref="DriftScenario"/> values (<c>steady</c>, <c>growing-fault</c>, ...).</summary>
public static class ScenarioNames
{
    private static readonly (DriftScenario Scenario, string Name)[] Names =
    [
        (DriftScenario.Steady, "steady"),
        (DriftScenario.GrowingFault, "growing-fault"),
        (DriftScenario.MicGainDrop, "mic-gain-drop"),
        (DriftScenario.MicFouled, "mic-fouled"),
        (DriftScenario.BackgroundRise, "background-rise"),
        (DriftScenario.SpeedChange, "speed-change"),
        (DriftScenario.DeadChannel, "dead-channel"),
        (DriftScenario.OfflineGap, "offline-gap"),
    ];

    /// <summary>Every scenario, in declaration order.</summary>
    public static IReadOnlyList<DriftScenario> All { get; } = [.. Names.Select(n => n.Scenario)];

    /// <summary>The scenario's name, e.g. <c>mic-gain-drop</c>.</summary>
    public static string ToName(this DriftScenario scenario) =>
        Names.FirstOrDefault(n => n.Scenario == scenario).Name ?? throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);

    /// <summary>The scenario named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InputException">No scenario has that name.</exception>
    public static DriftScenario Parse(string name)
    {
        foreach (var (scenario, known) in Names)
        {
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return scenario;
            }
        }

        throw new InputException($"'{name}' is not a scenario; use one of {string.Join(", ", Names.Select(n => n.Name))}.");
    }
}
