namespace Auscult.Server.Jobs;

/// <summary>
/// A finished job's model beside the active one, both decided through their detectors on the same labelled clips the new
/// model never trained on (the held-out part of the supervised split).
/// </summary>
/// <param name="Clips">Test clips.</param>
/// <param name="AnomalousClips">Of which labelled anomalous.</param>
/// <param name="Candidate">The job's model; null when the clips could not evaluate it (see <paramref name="Note"/>).</param>
/// <param name="Active">The model active for the machine type when the job ended; null when there is none.</param>
/// <param name="Note">Why a side is missing, or other caveats.</param>
public sealed record JobEvaluation(int Clips, int AnomalousClips, ModelFigures? Candidate, ModelFigures? Active, string? Note);
