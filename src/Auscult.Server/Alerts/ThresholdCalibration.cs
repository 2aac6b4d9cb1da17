namespace Auscult.Server.Alerts;

/// <summary>A calibration under way (the machine is <see cref="MachineState.Learning"/>).</summary>
/// <param name="ModelId">The model whose threshold is being calibrated for the machine.</param>
/// <param name="StartedAt">When its first clip under that model arrived.</param>
/// <param name="Samples">The scores so far, assumed normal unless an alert they joined is confirmed (at most
/// <see cref="AlertPolicy.CalibrationMaximumClips"/>, the first ones).</param>
public sealed record ThresholdCalibration(string ModelId, DateTimeOffset StartedAt, IReadOnlyList<CalibrationSample> Samples);
