using System.Globalization;

namespace Auscult.Server.Jobs;

/// <summary>Which jobs a machine type may start, and in words why not: pure rules over its counts.</summary>
public static class JobRules
{
    /// <summary>The offer of <paramref name="machineType"/>.</summary>
    /// <param name="machineType">The machine type.</param>
    /// <param name="activeModelId">Its active model, or null.</param>
    /// <param name="normalClips">Normal clips with audio.</param>
    /// <param name="anomalousLabels">Anomalous labels with audio.</param>
    /// <param name="activeJob">Its queued or running job, or null.</param>
    /// <param name="options">The minimums.</param>
    public static JobOffer Offer(string machineType, string? activeModelId, int normalClips, int anomalousLabels, JobRecord? activeJob, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? busy = activeJob is null
            ? null
            : $"Job {activeJob.Id} ({WireNames.Of(activeJob.Kind)}) is already {WireNames.Of(activeJob.State)} for {machineType}; wait for it to end or cancel it.";
        string? first = busy
            ?? (activeModelId is not null ? $"{machineType} already has a model ({activeModelId[..12]}); retrain it instead." : null)
            ?? Short(normalClips, options.FirstModelMinimumClips, $"The first autoencoder of {machineType}", "normal clips whose audio is kept",
                nameof(options.FirstModelMinimumClips));
        string? retrain = busy
            ?? (activeModelId is null ? $"{machineType} has no model yet: train its first autoencoder." : null)
            ?? Short(normalClips, options.RetrainMinimumClips, $"Retraining the autoencoder of {machineType}", "normal clips whose audio is kept",
                nameof(options.RetrainMinimumClips));
        string? classifier = busy
            ?? Short(anomalousLabels, options.ClassifierMinimumAnomalies, $"The classifier of {machineType}",
                "clips labelled anomalous (confirmed alerts) whose audio is kept", nameof(options.ClassifierMinimumAnomalies))
            ?? Short(normalClips, 2, $"The classifier of {machineType}", "normal clips whose audio is kept", null);
        return new JobOffer(machineType, activeModelId, normalClips, anomalousLabels, activeJob?.Id,
        [
            new JobKindOffer(JobKind.TrainClassifier, classifier is null, classifier),
            new JobKindOffer(JobKind.RetrainAutoencoder, retrain is null, retrain),
            new JobKindOffer(JobKind.FirstAutoencoder, first is null, first),
        ]);
    }

    private static string? Short(int have, int need, string what, string items, string? setting) =>
        have >= need
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{what} needs at least {need} {items}{(setting is null ? "" : $" ({JobOptions.Section}:{setting})")}; there are {have}, {need - have} more to go.");
}
