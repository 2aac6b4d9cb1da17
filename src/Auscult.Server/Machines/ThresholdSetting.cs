namespace Auscult.Server.Machines;

/// <summary>The body of <c>PUT /api/v1/machines/{id}/threshold</c>.</summary>
/// <param name="Threshold">The machine's own threshold on its active model's score scale (scores above it are
/// anomalous); null removes it, so the model's threshold applies again (and a machine that calibrates learns anew).</param>
/// <param name="Note">Why, in words; recorded with the threshold.</param>
public sealed record ThresholdSetting(double? Threshold, string? Note = null);
