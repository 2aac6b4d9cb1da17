namespace Auscult.Drift;

/// <summary>A drift alert: the persistence rules accepted a cause.</summary>
/// <param name="RaisedAt">The time of the clip that raised it.</param>
/// <param name="Cause">Its cause (never <see cref="DriftCause.None"/>).</param>
/// <param name="ClipIndex">The clip's index in the machine's series (0-based), for delays counted in clips.</param>
public sealed record DriftAlert(DateTimeOffset RaisedAt, DriftCause Cause, int ClipIndex);
