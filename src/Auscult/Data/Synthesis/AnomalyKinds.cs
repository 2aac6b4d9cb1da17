namespace Auscult.Data.Synthesis;

/// <summary>Which <see cref="AnomalyKind"/> values belong to which <see cref="MachineType"/>, and their manifest names.</summary>
public static class AnomalyKinds
{
    private static readonly AnomalyKind[] FanKinds = [AnomalyKind.Unbalance, AnomalyKind.VoltageChange, AnomalyKind.Clogging];
    private static readonly AnomalyKind[] PumpKinds = [AnomalyKind.Leakage, AnomalyKind.Contamination, AnomalyKind.Clogging];
    private static readonly AnomalyKind[] SliderKinds = [AnomalyKind.RailDamage, AnomalyKind.LooseBelt, AnomalyKind.NoGrease];
    private static readonly AnomalyKind[] ValveKinds = [AnomalyKind.Contamination];

    /// <summary>The faults a machine type can have (never <see cref="AnomalyKind.None"/>), in a fixed order.</summary>
    public static IReadOnlyList<AnomalyKind> For(MachineType type) => type switch
    {
        MachineType.Fan => FanKinds,
        MachineType.Pump => PumpKinds,
        MachineType.Slider => SliderKinds,
        MachineType.Valve => ValveKinds,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>True when <paramref name="kind"/> is <see cref="AnomalyKind.None"/> or one of the faults of <paramref name="type"/>.</summary>
    public static bool AppliesTo(this AnomalyKind kind, MachineType type) =>
        kind == AnomalyKind.None || ((IList<AnomalyKind>)For(type)).Contains(kind);

    /// <summary>The snake_case name used in manifests: <c>none</c>, <c>voltage_change</c>, <c>rail_damage</c>, ...</summary>
    public static string ToManifestName(this AnomalyKind kind) => kind switch
    {
        AnomalyKind.None => "none",
        AnomalyKind.Unbalance => "unbalance",
        AnomalyKind.VoltageChange => "voltage_change",
        AnomalyKind.Clogging => "clogging",
        AnomalyKind.Leakage => "leakage",
        AnomalyKind.Contamination => "contamination",
        AnomalyKind.RailDamage => "rail_damage",
        AnomalyKind.LooseBelt => "loose_belt",
        AnomalyKind.NoGrease => "no_grease",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The MIMII/DCASE folder name of a machine type: <c>fan</c>, <c>pump</c>, <c>slider</c>, <c>valve</c>.</summary>
    public static string ToFolderName(this MachineType type) => type switch
    {
        MachineType.Fan => "fan",
        MachineType.Pump => "pump",
        MachineType.Slider => "slider",
        MachineType.Valve => "valve",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
