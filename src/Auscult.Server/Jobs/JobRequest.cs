namespace Auscult.Server.Jobs;

/// <summary>The body of <c>POST /api/v1/jobs</c>.</summary>
/// <param name="Kind"><c>train-classifier</c>, <c>retrain-autoencoder</c> or <c>first-autoencoder</c>.</param>
/// <param name="MachineType">The machine type to train for.</param>
public sealed record JobRequest(JobKind? Kind, string? MachineType);
