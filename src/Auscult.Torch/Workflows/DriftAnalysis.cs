using System.Globalization;
using Auscult.Audio;
using Auscult.Data.Scenarios;
using Auscult.Drift;
using Auscult.Features;
using Auscult.Health;
using Auscult.Scoring;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Workflows;

/// <summary>
/// Drift of recorded machines against a model bundle's training reference, as every host does it: each clip through the
/// detector's own health checks, features and score, kept as a <see cref="DriftObservation"/>, then one
/// <see cref="DriftMonitor"/> per machine over the clips in time order.
/// </summary>
public static class DriftAnalysis
{
    /// <summary>
    /// The drift reference a bundle stores: its training bands, its threshold and its reference scores: the model's
    /// scores of held-out normal clips (<c>trainingData.driftScores</c>); for bundles before them the cross-fitted
    /// scores, else the training clips' own (both biased; <see cref="DriftReference.ScoreSource"/> says which).
    /// </summary>
    /// <exception cref="ModelException">The bundle does not store band statistics or training scores (formats before 3).</exception>
    public static DriftReference ReferenceOf(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        TrainingDataSummary training = bundle.Manifest.TrainingData;
        BandStatistics bands = training.Bands
            ?? throw new ModelException("The bundle stores no training band statistics (trainingData.bands); retrain it with this version to monitor drift.");
        ReferenceScores scores = training.DriftScores
            ?? (training.UnseenScores is { } unseen ? new ReferenceScores(ReferenceScoreSource.CrossFitted, unseen) : null)
            ?? (training.Scores is { } own ? new ReferenceScores(ReferenceScoreSource.Training, own) : null)
            ?? throw new ModelException("The bundle stores no training scores (trainingData.scores) to compare drift against.");
        double threshold = bundle.Manifest.Threshold?.Value ?? throw new ModelException("The bundle has no threshold.");
        return new DriftReference(bands, scores, threshold);
    }

    /// <summary>
    /// One clip as a drift monitor keeps it: the detector's input checks, the log-mel features (also of a clip unfit only
    /// for its level, so a gain step shows in the bands) and the score when the clip is fit.
    /// </summary>
    public static DriftObservation Observe(Detector detector, DriftReference reference, AudioClip clip, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(clip);
        InputHealth health = InputHealthAnalyzer.Analyze(clip, detector.InputReference);
        FeatureMatrix? logMel = null;
        if (health.NonFiniteSamples == 0 && clip.FrameCount > 0)
        {
            logMel = detector.Extractor.LogMel(clip);
        }

        double? score = null;
        if (health.IsFit && logMel is not null)
        {
            score = detector.Decide(logMel, clip.Source, health).Score;
        }

        return reference.Observe(recordedAt, logMel is { Rows: > 0 } ? logMel : null, score, health);
    }

    /// <summary>
    /// A clip's decision, exactly as <see cref="Detector.Decide(AudioClip)"/> makes it, and its drift observation from the
    /// same features (one extraction for both): what a service stores with each clip.
    /// </summary>
    /// <param name="detector">The model.</param>
    /// <param name="reference">The model's drift reference; null for none (then the observation is null).</param>
    /// <param name="clip">The clip.</param>
    /// <param name="recordedAt">When it was recorded.</param>
    public static (ClipDecision Decision, DriftObservation? Observation) DecideAndObserve(Detector detector, DriftReference? reference, AudioClip clip,
        DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(clip);
        if (reference is null)
        {
            return (detector.Decide(clip), null);
        }

        InputHealth health = InputHealthAnalyzer.Analyze(clip, detector.InputReference);
        FeatureMatrix? logMel = health.NonFiniteSamples == 0 && clip.FrameCount > 0 ? detector.Extractor.LogMel(clip) : null;
        ClipDecision decision = health.IsFit && logMel is not null ? detector.Decide(logMel, clip.Source, health) : detector.Decide(clip);
        double? score = decision.Verdict is ScoreVerdict.Normal or ScoreVerdict.Anomalous ? decision.Score : null;
        return (decision, reference.Observe(recordedAt, logMel is { Rows: > 0 } ? logMel : null, score, health));
    }

    /// <summary>
    /// Analyses a folder of machines: <c>DATA/MACHINE/yyyyMMddTHHmmssZ.wav</c> (what <c>auscult synth --scenario</c>
    /// writes; the file name is the recording time in UTC).
    /// </summary>
    /// <param name="detector">The model.</param>
    /// <param name="dataFolder">The folder of machine folders.</param>
    /// <param name="options">Windows, limits and persistence.</param>
    /// <param name="progress">Receives the clips read.</param>
    /// <param name="cancellationToken">Stops between clips.</param>
    /// <param name="maxParallelism">Clips read and scored at once; -1 for every core.</param>
    /// <exception cref="InputException">The folder holds no machine folders with clips, or a clip's name is not a time.</exception>
    public static IReadOnlyList<MachineDrift> Run(Detector detector, string dataFolder, DriftOptions? options = null,
        IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default, int maxParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        options ??= new DriftOptions();
        options.Validate();
        DriftReference reference = ReferenceOf(detector.Bundle);
        if (!Directory.Exists(dataFolder))
        {
            throw new InputException($"{dataFolder}: no such folder.");
        }

        var machines = Directory.GetDirectories(dataFolder).Order(StringComparer.Ordinal)
            .Select(folder => (Id: Path.GetFileName(folder), Clips: ClipsOf(folder)))
            .Where(m => m.Clips.Count > 0)
            .ToList();
        if (machines.Count == 0)
        {
            throw new InputException($"{dataFolder}: no machine folders with clips (expected MACHINE/yyyyMMddTHHmmssZ.wav).");
        }

        int total = machines.Sum(m => m.Clips.Count), done = 0;
        IProgress<int> counting = WorkflowProgress.Counting(progress, "drift", total);
        var results = new List<MachineDrift>();
        foreach (var (id, clips) in machines)
        {
            var observations = new DriftObservation[clips.Count];
            Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, i =>
            {
                AudioClip clip = AudioLoader.ReadClip(clips[i].Path, detector.Extractor.Options.SampleRate, detector.Extractor.AllowResample);
                observations[i] = Observe(detector, reference, clip, clips[i].RecordedAt);
                counting.Report(Interlocked.Increment(ref done));
            });
            var monitor = new DriftMonitor(id, reference, options);
            foreach (DriftObservation observation in observations)
            {
                monitor.Add(observation);
            }

            results.Add(monitor.ToResult());
        }

        return results;
    }

    private static List<(string Path, DateTimeOffset RecordedAt)> ClipsOf(string folder)
    {
        var clips = new List<(string, DateTimeOffset)>();
        foreach (string path in Directory.EnumerateFiles(folder, "*.wav"))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!DateTime.TryParseExact(name, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at))
            {
                throw new InputException($"{path}: the file name is not a recording time (yyyyMMddTHHmmssZ, e.g. {ScenarioGenerator.FileName(DateTimeOffset.UnixEpoch)}).");
            }

            clips.Add((path, new DateTimeOffset(at, TimeSpan.Zero)));
        }

        return [.. clips.OrderBy(c => c.Item2)];
    }
}
