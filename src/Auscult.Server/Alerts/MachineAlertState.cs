namespace Auscult.Server.Alerts;

/// <summary>
/// Everything the alert rules remember about one machine, as plain data: the service stores it (as JSON, see
/// <see cref="AlertJson"/>) in one row per machine and hands it back to <see cref="AlertEngine"/> with the next clip,
/// so any instance can continue where another stopped. Its size is bounded by the policy's windows and calibration
/// limit.
/// </summary>
/// <remarks>
/// Several instances share a machine's state through the database: read it with the row's <see cref="Version"/>,
/// and write the outcome with <c>UPDATE ... WHERE version = @read</c> in the clip's transaction (retry the clip on a
/// conflict), or lock the row (<c>SELECT ... FOR UPDATE</c>). Every outcome that changes the state increments
/// <see cref="Version"/>.
/// </remarks>
public sealed record MachineAlertState
{
    /// <summary>The machine.</summary>
    public required string MachineId { get; init; }

    /// <summary>Increments with every change; for optimistic concurrency between instances.</summary>
    public long Version { get; init; }

    /// <summary>The machine's state as of the last observation or tick.</summary>
    public MachineState State { get; init; } = MachineState.NoData;

    /// <summary>The latest scored clips, oldest first (at most the larger of the warning and alarm windows).</summary>
    public IReadOnlyList<VerdictEntry> Recent { get; init; } = [];

    /// <summary>Consecutive normal clips up to the latest scored one.</summary>
    public int ConsecutiveNormals { get; init; }

    /// <summary>The latest clips as input evidence (scored or unfit), oldest first (at most the input window).</summary>
    public IReadOnlyList<InputEntry> RecentInputs { get; init; } = [];

    /// <summary>Consecutive scored (fit) clips up to the latest clip.</summary>
    public int ConsecutiveFit { get; init; }

    /// <summary>The alerts not yet closed, at most one per kind (and at most one machine fault kind at a time).</summary>
    public IReadOnlyList<Alert> OpenAlerts { get; init; } = [];

    /// <summary>When the engine last saw a clip of the machine (any verdict); null if never.</summary>
    public DateTimeOffset? LastClipAt { get; init; }

    /// <summary>When the engine last saw a scored clip; null if never.</summary>
    public DateTimeOffset? LastScoredAt { get; init; }

    /// <summary>The model of the latest scored clip.</summary>
    public string? ModelId { get; init; }

    /// <summary>The machine's own calibration setting; null follows <see cref="AlertPolicy.CalibrationEnabled"/>.</summary>
    public bool? CalibrationEnabled { get; init; }

    /// <summary>The calibration under way; null when not learning.</summary>
    public ThresholdCalibration? Calibration { get; init; }

    /// <summary>The machine's own threshold; it applies only to clips of its <see cref="MachineThreshold.ModelId"/>.</summary>
    public MachineThreshold? Threshold { get; init; }

    /// <summary>The state of a machine the engine has not seen yet.</summary>
    public static MachineAlertState Create(string machineId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        return new MachineAlertState { MachineId = machineId };
    }

    /// <summary>The open alert with this id, or null.</summary>
    public Alert? FindAlert(string alertId) => OpenAlerts.FirstOrDefault(a => a.Id == alertId);

    /// <summary>The open alert of this kind, or null.</summary>
    public Alert? AlertOfKind(string kind) => OpenAlerts.FirstOrDefault(a => a.Kind == kind);

    /// <summary>The open machine fault alert (any kind but input and drift), or null.</summary>
    public Alert? MachineAlert => OpenAlerts.FirstOrDefault(a => AlertKinds.IsMachineKind(a.Kind));
}
