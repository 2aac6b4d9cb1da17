namespace Auscult.Data;

/// <summary>Which kind of model suits a machine type's data: trained on normal clips only, or on labelled faults too.</summary>
public enum RecommendedModel
{
    /// <summary>The autoencoder: needs normal clips only.</summary>
    Autoencoder,

    /// <summary>The supervised classifier: needs labelled anomalous clips, and wins once there are enough.</summary>
    Classifier,
}

/// <summary>The advice for one machine type of a data set.</summary>
/// <param name="MachineType">The machine type.</param>
/// <param name="LabelledAnomalies">Anomalous clips with a label, all splits.</param>
/// <param name="TrainingAnomalies">Of those, the ones the classifier would train on (its supervised split keeps 20% of each label for testing).</param>
/// <param name="Model">The model to train.</param>
/// <param name="Reason">One sentence saying why, with the measured break-even point.</param>
public sealed record ModelAdvice(string MachineType, int LabelledAnomalies, int TrainingAnomalies, RecommendedModel Model, string Reason);

/// <summary>
/// Says, per machine type, whether a data set has enough labelled anomalies for the supervised classifier to be worth
/// training instead of the autoencoder.
/// </summary>
public static class ModelAdvisor
{
    /// <summary>
    /// Labelled anomalies in the classifier's training part from which it beat the autoencoder (ROC AUC on the same
    /// test clips) on the synthetic 6 dB fan set: measured with <c>bench/Auscult.Torch.Benchmarks -- breakeven</c>
    /// (README, "When labelled faults pay off"). Below it the autoencoder was as good or better.
    /// </summary>
    public const int ClassifierBreakEvenAnomalies = 32;

    /// <summary>The advice for every machine type of <paramref name="catalog"/>, in the catalog's machine-type order.</summary>
    public static IReadOnlyList<ModelAdvice> For(ClipCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var advice = new List<ModelAdvice>();
        foreach (string type in catalog.MachineTypes)
        {
            int labelled = catalog.Entries.Count(e => e.MachineType == type && e.Label == ClipLabel.Anomaly);
            int training = labelled == 0
                ? 0
                : ClipSelection.SupervisedTraining(catalog, type, null).Clips.Count(e => e.Label == ClipLabel.Anomaly);
            advice.Add(Advise(type, labelled, training));
        }

        return advice;
    }

    /// <summary>The advice for one machine type with <paramref name="trainingAnomalies"/> labelled anomalies to train on.</summary>
    public static ModelAdvice Advise(string machineType, int labelledAnomalies, int trainingAnomalies)
    {
        if (labelledAnomalies == 0)
        {
            return new ModelAdvice(machineType, 0, 0, RecommendedModel.Autoencoder,
                "no labelled anomalies: train the autoencoder on the normal clips; confirmed alerts become the labels a classifier needs.");
        }

        string measured = $"the {ClassifierBreakEvenAnomalies} from which the classifier beat the autoencoder on the synthetic fan set";
        return trainingAnomalies < ClassifierBreakEvenAnomalies
            ? new ModelAdvice(machineType, labelledAnomalies, trainingAnomalies, RecommendedModel.Autoencoder,
                $"{Anomalies(trainingAnomalies)} to train on, fewer than {measured}: keep the autoencoder and label more alerts.")
            : new ModelAdvice(machineType, labelledAnomalies, trainingAnomalies, RecommendedModel.Classifier,
                $"{Anomalies(trainingAnomalies)} to train on, at least {measured}: train the classifier (a comparison of both on your clips shows which suits them).");
    }

    private static string Anomalies(int count) => count == 1 ? "1 labelled anomaly" : $"{count} labelled anomalies";
}
