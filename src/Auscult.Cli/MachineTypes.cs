namespace Auscult.Cli;

/// <summary>
/// Guards against scoring one machine's clips with another machine's model: the scores of a pump model on valve clips
/// mean nothing, yet would print as plausible numbers.
/// </summary>
internal static class MachineTypes
{
    /// <summary>The machine types of MIMII and the DCASE Task 2 data sets (2020-2024), as their folders spell them.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "fan", "pump", "slider", "valve", "ToyCar", "ToyConveyor", "ToyTrain", "gearbox", "bearing", "bandsaw", "grinder", "shaker",
        "ToyDrone", "ToyNscale", "ToyTank", "Vacuum", "3DPrinter", "AirCompressor", "BrushlessMotor", "HairDryer", "HoveringDrone",
        "RoboticArm", "Scanner", "ToothBrush", "ToyCircuit",
    };

    /// <summary>
    /// Refuses clips whose folders name a known machine type and not the model's (e.g. <c>valve/id_00/normal/a.wav</c>
    /// for a pump model). Clips in folders that name no machine type pass: the model cannot tell what they are.
    /// </summary>
    public static void EnsureClipsMatch(string? modelType, IReadOnlyList<string> files)
    {
        if (modelType is null || !Known.Contains(modelType))
        {
            return;
        }

        foreach (string file in files)
        {
            string[] folders = Path.GetFullPath(file).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)[..^1];
            if (folders.Any(f => string.Equals(f, modelType, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (folders.LastOrDefault(Known.Contains) is { } other)
            {
                throw new InputException(
                    $"{file}: is a '{other}' clip by its folder, but the model was trained on '{modelType}'; score it with a '{other}' model, or pass --any-machine-type to score it anyway.");
            }
        }
    }
}
