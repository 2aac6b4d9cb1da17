using System.Collections.Concurrent;
using Auscult.Drift;
using Auscult.Server.Storage;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Server.Models;

/// <summary>
/// One <see cref="Detector"/> per model, loaded on first use and shared by every request (a detector is thread-safe
/// for concurrent scoring). Disposed with the service.
/// </summary>
public sealed class DetectorCache : IDisposable
{
    private readonly FileStore _files;
    private readonly ConcurrentDictionary<string, Lazy<Detector>> _detectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DriftReference?> _driftReferences = new(StringComparer.Ordinal);

    public DetectorCache(FileStore files) => _files = files;

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
