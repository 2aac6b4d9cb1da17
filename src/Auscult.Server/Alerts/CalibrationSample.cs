namespace Auscult.Server.Alerts;

/// <summary>One score collected while a machine learns its threshold.</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="Score">Its score under the model being calibrated.</param>
/// <param name="AlertId">The alert the clip joined, if any: confirming that alert drops the sample (it is not normal).</param>
public sealed record CalibrationSample(string ClipId, double Score, string? AlertId = null);
