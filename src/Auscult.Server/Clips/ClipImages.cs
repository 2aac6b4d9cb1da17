using System.Globalization;
using Auscult.Audio;
using Auscult.Features;
using Auscult.Reports;
using Auscult.Server.Endpoints;
using Auscult.Server.Models;
using Auscult.Server.Retention;
using Auscult.Server.Storage;
using Auscult.Torch.Detection;

namespace Auscult.Server.Clips;

/// <summary>
/// The pictures of a stored clip for the dashboard: its log-mel spectrogram and, for an autoencoder, its anomaly map
/// (reconstruction error per frame and mel band over the spectrogram). The model is the one that scored the clip, else
/// the one active for its machine now; the spectrogram without any model uses the DCASE 2020 features.
/// </summary>
public sealed class ClipImages
{
    /// <summary>Pixels of the spectrogram: wide enough for a 10-s clip's frames, readable on a dashboard panel.</summary>
    public const int SpectrogramWidth = 1000, SpectrogramHeight = 450;

    /// <summary>Pixels of the anomaly map (three panels).</summary>
    public const int AnomalyMapWidth = 1200, AnomalyMapHeight = 800;

    private readonly ClipStore _clips;
    private readonly MachineStore _machines;
    private readonly ModelStore _models;
    private readonly DetectorCache _detectors;
    private readonly FileStore _files;
    private readonly AudioRetention _retention;

    public ClipImages(ClipStore clips, MachineStore machines, ModelStore models, DetectorCache detectors, FileStore files, AudioRetention retention)
    {
        _clips = clips;
        _machines = machines;
        _models = models;
        _detectors = detectors;
        _files = files;
        _retention = retention;
    }

    /// <summary>The clip's log-mel spectrogram as PNG bytes.</summary>
    /// <exception cref="ProblemException">404 no such clip; 410 its audio was deleted; 422 the audio cannot be read.</exception>
    public async Task<byte[]> SpectrogramPngAsync(string clipId, CancellationToken cancellationToken = default)
    {
        var (clip, path) = await AudioOfAsync(clipId, cancellationToken).ConfigureAwait(false);
        var detector = await DetectorOfAsync(clip, cancellationToken).ConfigureAwait(false);
        var extractor = detector?.Extractor ?? new ClipFeatureExtractor(FeatureOptions.Dcase2020);
        var audio = Read(path, extractor);
        var spectrogram = Spectrograms.FromLogMel(extractor.LogMel(audio), extractor.Options);
        string features = detector is null ? "default features" : $"features of model {detector.ModelId[..12]}";
        var plot = ExplorationPlots.Spectrogram(spectrogram, $"{clip.MachineId}, {Time(clip)}: log-mel spectrogram ({features})");
        return PlotImage.ToPng(plot, SpectrogramWidth, SpectrogramHeight);
    }

    /// <summary>The clip's anomaly map as PNG bytes.</summary>
    /// <exception cref="ProblemException">
    /// 404 no such clip; 409 no model, or a classifier (no reconstruction to compare with); 410 its audio was deleted;
    /// 422 the audio cannot be read or is too short for the model.
    /// </exception>
    public async Task<byte[]> AnomalyMapPngAsync(string clipId, CancellationToken cancellationToken = default)
    {
        var (clip, path) = await AudioOfAsync(clipId, cancellationToken).ConfigureAwait(false);
        var detector = await DetectorOfAsync(clip, cancellationToken).ConfigureAwait(false)
            ?? throw ProblemException.Conflict(
                $"Clip '{clipId}' has no anomaly map: no model scored it and none is active for '{clip.MachineId}'. Upload and activate an autoencoder first.");
        if (detector.Bundle.Kind != Torch.Bundles.ModelKind.Autoencoder)
        {
            throw ProblemException.Conflict(
                $"Clip '{clipId}' was judged by model {detector.ModelId[..12]}, a classifier: an anomaly map shows an autoencoder's reconstruction error, " +
                "and a classifier has none (`auscult score --explain --out DIR` draws a classifier's occlusion map offline).");
        }

        var audio = Read(path, detector.Extractor);
        ClipExplanation explained;
        try
        {
            explained = detector.ExplainReconstruction(audio);
        }
        catch (InputException e)
        {
            throw ProblemException.Unprocessable(e.Message);
        }

        var spectrogram = Spectrograms.FromLogMel(explained.LogMel, detector.Extractor.Options);
        string title = string.Create(CultureInfo.InvariantCulture,
            $"{clip.MachineId}, {Time(clip)}: score {explained.Explanation.Score:0.###} (threshold {detector.Threshold.Value:0.###})");
        var figure = AnomalyMapPlot.Create(spectrogram, explained.Explanation.Map, title, explained.Explanation.Quantity);
        return PlotImage.ToPng(figure, AnomalyMapWidth, AnomalyMapHeight);
    }

    private async Task<(ClipRecord Clip, string FullPath)> AudioOfAsync(string clipId, CancellationToken cancellationToken)
    {
        var clip = await _clips.GetAsync(clipId, cancellationToken).ConfigureAwait(false) ?? throw ProblemException.NotFound($"There is no clip '{clipId}'.");
        var audio = await _clips.AudioOfAsync(clipId, cancellationToken).ConfigureAwait(false);
        if (audio?.AudioPath is not { } relative || !_files.Exists(relative))
        {
            throw ClipEndpoints.AudioGone(clipId, await _retention.StatusAsync(clipId, cancellationToken).ConfigureAwait(false));
        }

        return (clip, _files.FullPath(relative));
    }

    /// <summary>The model that scored the clip (its first score with one), else the machine's active model, else null.</summary>
    private async Task<Detector?> DetectorOfAsync(ClipRecord clip, CancellationToken cancellationToken)
    {
        foreach (string modelId in clip.Scores.Select(s => s.ModelId).OfType<string>().Distinct())
        {
            if (await _models.GetAsync(modelId, cancellationToken).ConfigureAwait(false) is { } scoredBy)
            {
                return await _detectors.GetAsync(scoredBy, cancellationToken).ConfigureAwait(false);
            }
        }

        var machine = await _machines.GetAsync(clip.MachineId, cancellationToken).ConfigureAwait(false);
        var active = machine is null ? null : await _models.ActiveForAsync(machine.Id, machine.MachineType, cancellationToken).ConfigureAwait(false);
        return active is null ? null : await _detectors.GetAsync(active, cancellationToken).ConfigureAwait(false);
    }

    private static AudioClip Read(string path, ClipFeatureExtractor extractor)
    {
        try
        {
            return AudioLoader.ReadClip(path, extractor.Options.SampleRate, extractor.AllowResample);
        }
        catch (InputException e)
        {
            throw ProblemException.Unprocessable(e.Message);
        }
    }

    private static string Time(ClipRecord clip) =>
        (clip.RecordedAt ?? clip.ReceivedAt).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
