using System.Collections.Concurrent;

namespace Auscult.Data;

/// <summary>
/// Processes many clips on several workers (by default one per core; the caller may choose), keeping results in input
/// order and collecting per-clip failures.
/// </summary>
public static class ParallelClips
{
    /// <summary>
    /// Applies <paramref name="work"/> to every path. An <see cref="AuscultException"/> for one clip is collected as a
    /// <see cref="ClipFailure"/> (its result stays default) and the others go on; any other exception, and
    /// cancellation, stop the whole batch.
    /// </summary>
    /// <param name="paths">The clips, in the order results are returned.</param>
    /// <param name="work">What to do with one clip; must be thread-safe.</param>
    /// <param name="progress">Receives the number of clips done so far.</param>
    /// <param name="cancellationToken">Stops the batch between clips.</param>
    /// <param name="maxParallelism">
    /// Most clips processed at once; null means one per core (<see cref="Environment.ProcessorCount"/>). A host that
    /// shares the machine (a service scoring while it trains) passes its own share.
    /// </param>
    /// <returns>Results in the order of <paramref name="paths"/>, and the failures sorted by path.</returns>
    public static (T?[] Results, IReadOnlyList<ClipFailure> Failures) Map<T>(
        IReadOnlyList<string> paths,
        Func<string, T> work,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default,
        int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(work);
        if (maxParallelism is { } workers)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1, nameof(maxParallelism));
        }

        var results = new T?[paths.Count];
        var failures = new ConcurrentBag<ClipFailure>();
        int done = 0;
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount,
        };
        Parallel.For(0, paths.Count, options, i =>
        {
            try
            {
                results[i] = work(paths[i]);
            }
            catch (AuscultException e)
            {
                failures.Add(new ClipFailure(paths[i], e.Message));
            }

            progress?.Report(Interlocked.Increment(ref done));
        });
        return (results, failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
    }
}
