using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Reports;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Workflows;

namespace Auscult.Server.Jobs;

/// <summary>
/// A job's work once its data set is written: trains through the library's workflows (the ones <c>auscult train</c> and
/// <c>auscult compare</c> run), saves the bundle, and evaluates it and the active model, each through its detector, on the
/// same labelled clips the new model never trained on (the supervised split's held-out fifth of each label); writes the
/// comparison report of <c>auscult compare</c>. Synchronous and CPU-bound: the runner calls it on a worker thread.
/// </summary>
public static class JobTraining
{
    /// <summary>Runs the job.</summary>
    /// <param name="kind">What to train.</param>
    /// <param name="machineType">For which machine type (the data set's).</param>
    /// <param name="dataFolder">The data set (<see cref="TrainingData.WriteAsync"/>).</param>
    /// <param name="active">The active model's id and bundle path, or null when the type has none.</param>
    /// <param name="options">Budget and seed.</param>
    /// <param name="bundlePath">Where the new bundle is saved.</param>
    /// <param name="reportFolder">Where the comparison report is written (report.html and its pictures).</param>
    /// <param name="now">The report's time.</param>
    /// <param name="progress">Each step's progress.</param>
    /// <param name="cancellationToken">Stops the work between clips, epochs and trials.</param>
    /// <exception cref="InputException">The data cannot train the model (too few clips, a clip that cannot be read).</exception>
    public static JobEvaluation Run(JobKind kind, string machineType, string dataFolder, (string Id, string Path)? active, JobOptions options,
        string bundlePath, string reportFolder, DateTimeOffset now, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = ClipCatalog.Discover(dataFolder);
        var labelled = ClipSelection.SupervisedTraining(catalog, machineType, null);
        var test = ClipSelection.SupervisedTest(catalog, machineType, null);
        if (kind == JobKind.TrainClassifier)
        {
            // The budget is compute time, so it runs on the real clock whatever clock the service is given.
            var classifierOptions = new ClassifierTrainingOptions
            {
                Budget = options.ClassifierBudget,
                Seed = options.Seed,
                TimeProvider = TimeProvider.System,
                MaxParallelism = options.MaxParallelism,
            };
            using var classifier = ClassifierTraining.Train(labelled, classifierOptions, progress, cancellationToken);
            classifier.Bundle.Save(bundlePath, cancellationToken);
        }
        else
        {
            // The autoencoder learns from the normal clips of the same training part: it never sees a label or an anomaly.
            var normals = labelled with { Clips = [.. labelled.Clips.Where(c => c.Label == ClipLabel.Normal)] };
            var preset = PresetFor(kind == JobKind.RetrainAutoencoder ? active?.Path : null, options.Epochs);
            var autoencoderOptions = new AutoencoderTrainingOptions { Preset = preset, Seed = options.Seed, MaxParallelism = options.MaxParallelism };
            using var autoencoder = AutoencoderTraining.Train(normals, autoencoderOptions, progress, cancellationToken);
            autoencoder.Bundle.Save(bundlePath, cancellationToken);
        }

        return Evaluate(test, active, bundlePath, reportFolder, now, options, progress, cancellationToken);
    }

    /// <summary>
    /// The preset a retraining uses: the active autoencoder's own (its architecture, features and training settings, so
    /// the two are compared like for like), else the default preset; with <paramref name="epochs"/> epochs when given.
    /// </summary>
    public static AutoencoderPreset PresetFor(string? activeBundlePath, int? epochs)
    {
        var preset = AutoencoderPreset.Default;
        if (activeBundlePath is not null)
        {
            using var bundle = ModelBundle.Load(activeBundlePath);
            var manifest = bundle.Manifest;
            if (bundle.Kind == ModelKind.Autoencoder && manifest.Architecture is { } architecture)
            {
                preset = new AutoencoderPreset
                {
                    Name = manifest.Preset,
                    Features = manifest.Features,
                    HiddenLayers = [.. architecture.HiddenLayers],
                    Bottleneck = architecture.Bottleneck,
                    BatchNorm = architecture.BatchNorm,
                    Epochs = Math.Max(1, manifest.Epochs),
                    BatchSize = manifest.BatchSize,
                    LearningRate = manifest.LearningRate,
                    ValidationFraction = manifest.ValidationFraction,
                };
            }
        }

        return epochs is int count ? preset with { Epochs = count } : preset;
    }

    private static JobEvaluation Evaluate(ClipSelection.Selection test, (string Id, string Path)? active, string bundlePath, string reportFolder,
        DateTimeOffset now, JobOptions options, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        int anomalous = test.Clips.Count(c => c.Label == ClipLabel.Anomaly);
        int normal = test.Clips.Count - anomalous;
        if (anomalous == 0 || normal == 0)
        {
            return new JobEvaluation(test.Clips.Count, anomalous, null, null,
                $"Not evaluated: the held-out clips need labelled anomalous and normal clips, and they hold {anomalous} anomalous and {normal} normal. Confirmed and rejected alerts add them.");
        }

        string candidateId = ModelBundle.IdentityOf(bundlePath);
        var notes = new List<string>();
        EvaluatedModel candidate;
        using (var detector = Detector.Load(bundlePath))
        {
            candidate = ModelEvaluation.Evaluate(detector, $"new {candidateId[..12]}", test, progress: progress, cancellationToken: cancellationToken,
                maxParallelism: options.MaxParallelism);
        }

        EvaluatedModel? current = null;
        if (active is { } a)
        {
            try
            {
                using var detector = Detector.Load(a.Path);
                current = ModelEvaluation.Evaluate(detector, $"active {a.Id[..12]}", test, progress: progress, cancellationToken: cancellationToken,
                    maxParallelism: options.MaxParallelism);
            }
            catch (AuscultException e)
            {
                notes.Add($"The active model could not be evaluated on these clips: {e.Message}");
            }
        }

        var document = current is null
            ? new ReportDocument($"Auscult job: {test.MachineType}", $"The new model on {test.Clips.Count} held-out labelled clips ({anomalous} anomalous).",
                now, candidate.Summary, [])
            : new ReportDocument($"Auscult job: {test.MachineType}",
                string.Create(CultureInfo.InvariantCulture,
                    $"The active and the new model on the same {test.Clips.Count} held-out labelled clips ({anomalous} anomalous)."),
                now, null, [], new ModelComparison(current.Summary, candidate.Summary));
        HtmlReport.Write(document, reportFolder);
        return new JobEvaluation(test.Clips.Count, anomalous, Figures(candidateId, candidate), current is null ? null : Figures(active!.Value.Id, current),
            notes.Count == 0 ? null : string.Join(" ", notes));
    }

    private static ModelFigures Figures(string modelId, EvaluatedModel evaluated)
    {
        EvaluationSummary s = evaluated.Summary;
        return new ModelFigures(modelId, s.ModelKind, Finite(s.Auc), Finite(s.PartialAuc), Finite(s.Threshold), s.Metrics.Precision, s.Metrics.Recall,
            s.Metrics.F1, s.Metrics.FalsePositives, s.Metrics.FalseNegatives, evaluated.Unfit.Count);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
