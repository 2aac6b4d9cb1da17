namespace Auscult.Server.Jobs;

/// <summary>What a machine type has to train on, and which jobs it can start now.</summary>
/// <param name="MachineType">The machine type.</param>
/// <param name="ActiveModelId">The model active for the type, or null.</param>
/// <param name="NormalClips">Clips with audio that count as normal (see <see cref="TrainingData"/>).</param>
/// <param name="AnomalousLabels">Clips with audio labelled anomalous.</param>
/// <param name="ActiveJobId">A queued or running job of the type, or null.</param>
/// <param name="Kinds">Each kind, whether it can start now and why not.</param>
public sealed record JobOffer(string MachineType, string? ActiveModelId, int NormalClips, int AnomalousLabels, string? ActiveJobId,
    IReadOnlyList<JobKindOffer> Kinds)
{
    /// <summary>Whether <paramref name="kind"/> can start now.</summary>
    public bool CanStart(JobKind kind) => Kinds.Any(k => k.Kind == kind && k.Available);

    /// <summary>Why <paramref name="kind"/> cannot start now, or null when it can.</summary>
    public string? WhyNot(JobKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind)?.Reason;
}
