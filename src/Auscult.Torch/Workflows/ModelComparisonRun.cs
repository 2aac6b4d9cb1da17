using Auscult.Data;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Workflows;

/// <summary>
/// Trains the autoencoder (normal clips only) and the supervised classifier (labelled clips) on the same training part
/// of a labelled data set, saves both, and evaluates both, loaded back from their files, on the same held-out clips.
/// </summary>
public static class ModelComparisonRun
{
    /// <param name="catalog">A labelled data set (normal and anomalous clips).</param>
    /// <param name="machineType">The machine type; needed when the data holds several.</param>
    /// <param name="options">Both trainings' settings.</param>
    /// <param name="autoencoderPath">Where the autoencoder's bundle is saved (replaced if present).</param>
    /// <param name="classifierPath">Where the classifier's bundle is saved (replaced if present).</param>
    /// <param name="progress">Receives each step's progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="InputException">The data has too few labelled anomalies, or a clip cannot be used.</exception>
    public static ComparedModels Run(ClipCatalog catalog, string? machineType, ComparisonOptions options, string autoencoderPath, string classifierPath,
        IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ClipSelection.Selection labelled = ClipSelection.SupervisedTraining(catalog, machineType, null);
        ClipSelection.Selection test = ClipSelection.SupervisedTest(catalog, labelled.MachineType, null);
        // The autoencoder learns from the normal clips of the same training part: it never sees a label or an anomaly.
        ClipSelection.Selection normals = labelled with { Clips = labelled.Clips.Where(c => c.Label == ClipLabel.Normal).ToList() };

        var owned = new List<IDisposable>();
        try
        {
            var autoencoder = Own(owned, AutoencoderTraining.Train(normals, options.Autoencoder, progress, cancellationToken));
            autoencoder.Bundle.Save(autoencoderPath, cancellationToken);
            var classifier = Own(owned, ClassifierTraining.Train(labelled, options.Classifier, progress, cancellationToken));
            classifier.Bundle.Save(classifierPath, cancellationToken);

            var autoencoderDetector = Own(owned, Detector.Load(autoencoderPath));
            var classifierDetector = Own(owned, Detector.Load(classifierPath));
            EvaluatedModel autoencoderEvaluation = ModelEvaluation.Evaluate(autoencoderDetector, Path.GetFileName(autoencoderPath), test,
                progress: progress, cancellationToken: cancellationToken);
            EvaluatedModel classifierEvaluation = ModelEvaluation.Evaluate(classifierDetector, Path.GetFileName(classifierPath), test,
                progress: progress, cancellationToken: cancellationToken);
            return new ComparedModels(labelled, normals, test, autoencoder, classifier, autoencoderDetector, classifierDetector,
                autoencoderEvaluation, classifierEvaluation);
        }
        catch
        {
            foreach (IDisposable item in Enumerable.Reverse(owned))
            {
                item.Dispose();
            }

            throw;
        }
    }

    private static T Own<T>(List<IDisposable> owned, T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}
