using System.Collections.Concurrent;
using System.Security.Cryptography;
using Auscult.Drift;
using Auscult.Server.Storage;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Server.Models;

/// <summary>
/// One <see cref="Detector"/> per model, loaded on first use and shared by every request (a detector is thread-safe
/// for concurrent scoring). Disposed with the service.
/// </summary>
/// <remarks>
/// Which model is active is not cached: each clip reads it from the database, so an activation made through any
/// instance sharing the database applies to the next clip every instance scores. A model's bundle is cached here by its
/// id (its SHA-256, so a cached detector can never be stale); when this instance's data folder lacks the bundle (another
/// instance received the upload) <see cref="GetAsync"/> fetches its bytes from the database first.
/// </remarks>
public sealed class DetectorCache : IDisposable
{
    private readonly FileStore _files;
    private readonly ModelStore? _models;
    private readonly ConcurrentDictionary<string, Lazy<Detector>> _detectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DriftReference?> _driftReferences = new(StringComparer.Ordinal);

    /// <param name="files">The data folder the bundles are read from.</param>
    /// <param name="models">Where a bundle missing from the data folder is fetched from; none means the data folder alone.</param>
    public DetectorCache(FileStore files, ModelStore? models = null)
    {
        _files = files;
        _models = models;
    }

    /// <summary>
    /// The detector of <paramref name="model"/>; when its bundle is neither loaded nor in the data folder, its bytes are
    /// fetched from the database and written there first.
    /// </summary>
    /// <exception cref="ModelException">The bundle is in neither place, or no longer loads.</exception>
    public async Task<Detector> GetAsync(ModelRecord model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_models is not null && !_detectors.ContainsKey(model.Id) && !_files.Exists(model.FilePath)
            && await _models.GetFileAsync(model.Id, cancellationToken).ConfigureAwait(false) is { } bundle)
        {
            string sha256 = Convert.ToHexStringLower(SHA256.HashData(bundle));
            if (!string.Equals(sha256, model.Id, StringComparison.Ordinal))
            {
                throw new ModelException($"The database's copy of model {model.Id} is damaged (its SHA-256 is {sha256}).");
            }

            // Written atomically: instances or clips fetching the same bundle at once each write a whole file.
            await _files.WriteAsync(model.FilePath, bundle, cancellationToken).ConfigureAwait(false);
        }

        return Get(model);
    }

    /// <summary>The detector of <paramref name="model"/>.</summary>
    /// <exception cref="ModelException">The bundle file is missing or no longer loads.</exception>
    public Detector Get(ModelRecord model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lazy = _detectors.GetOrAdd(model.Id, _ => new Lazy<Detector>(() => Load(model), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the next clip tries again (e.g. after the file is restored).
            _detectors.TryRemove(new KeyValuePair<string, Lazy<Detector>>(model.Id, lazy));
            throw;
        }
    }

    /// <summary>
    /// The drift reference <paramref name="model"/>'s bundle stores (<see cref="DriftAnalysis.ReferenceOf"/>), built once;
    /// null when it stores none (bundles before format 3).
    /// </summary>
    /// <exception cref="ModelException">The bundle file is missing or no longer loads.</exception>
    public DriftReference? DriftReferenceOf(ModelRecord model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_driftReferences.TryGetValue(model.Id, out DriftReference? known))
        {
            return known;
        }

        Detector detector = Get(model);
        DriftReference? reference;
        try
        {
            reference = DriftAnalysis.ReferenceOf(detector.Bundle);
        }
        catch (ModelException)
        {
            reference = null;
        }

        return _driftReferences.GetOrAdd(model.Id, reference);
    }

    private Detector Load(ModelRecord model)
    {
        string path = _files.FullPath(model.FilePath);
        if (!File.Exists(path))
        {
            throw new ModelException($"The bundle of model {model.Id} is missing from the data folder ({model.FilePath}).");
        }

        var detector = Detector.Load(path);
        if (!string.Equals(detector.ModelId, model.Id, StringComparison.Ordinal))
        {
            detector.Dispose();
            throw new ModelException($"The bundle file of model {model.Id} has changed on disk (its SHA-256 is now {detector.ModelId}).");
        }

        return detector;
    }

    public void Dispose()
    {
        foreach (var lazy in _detectors.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        _detectors.Clear();
    }
}
