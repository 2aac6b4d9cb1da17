namespace Auscult.Server.Alerts;

/// <summary>A machine's own decision threshold for one model (scores above it are anomalous).</summary>
/// <param name="ModelId">The model it belongs to: thresholds are on a model's score scale, so another model ignores it.</param>
/// <param name="Value">The threshold.</param>
/// <param name="Source">Calibrated, set by hand, or the model's kept after a failed calibration.</param>
/// <param name="At">When it was set.</param>
/// <param name="By">Who set it (an operator, or <see cref="AlertEngine.SystemActor"/>).</param>
/// <param name="Detail">How it was obtained, in words (e.g. the gamma fit and the clips it used, or why calibration failed).</param>
public sealed record MachineThreshold(string ModelId, double Value, ThresholdSource Source, DateTimeOffset At, string By, string? Detail);
