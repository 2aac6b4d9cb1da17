using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Auscult.Audio;
using Auscult.Data;

namespace Auscult.Features;

/// <summary>
/// The tabular data set of the reference workflow: the features of many clips stacked into one float32 .npy matrix,
/// with an index (<c>NAME.index.csv</c>) that says which rows are whose and what the data set says of each clip.
/// </summary>
/// <remarks>
/// Clips are featurised on several cores and their rows appended in clip order as they finish, so memory stays at a
/// few clips' worth whatever the folder holds; the matrix goes through a temporary file and replaces its destination
/// only when complete (<see cref="AtomicFile"/>). The rows of clip k are
/// <c>matrix[first_row : first_row + row_count]</c> of its index line, exactly what <see cref="ClipFeatureExtractor.Vectors(string)"/>
/// gives for the clip alone.
/// </remarks>
public static class FeatureTable
{
    /// <summary>The index file's header line.</summary>
    public const string IndexHeader = "clip,machine,split,label,first_row,row_count";

    /// <summary>The index file beside a matrix file: <c>all.npy</c> gives <c>all.index.csv</c>.</summary>
    public static string IndexPathOf(string matrixPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(matrixPath);
        return Path.ChangeExtension(matrixPath, ".index.csv");
    }

    /// <summary>
    /// Every WAV file under <paramref name="folder"/> (recursively, ordinal order of the names), with its machine, split
    /// and label where the folder is a data set in a layout <see cref="ClipCatalog"/> recognises.
    /// </summary>
    /// <exception cref="InputException">The folder does not exist or holds no WAV files.</exception>
    public static IReadOnlyList<FeatureTableClip> Plan(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(root))
        {
            throw new InputException($"{folder}: no such folder.");
        }

        IReadOnlyList<string> files = WavFiles.Under(root);
        if (files.Count == 0)
        {
            throw new InputException($"{folder}: the folder holds no .wav files.");
        }

        var facts = new Dictionary<string, (CatalogEntry Entry, string Split)>(StringComparer.Ordinal);
        ClipCatalog? catalog = null;
        try
        {
            catalog = ClipCatalog.Discover(root);
        }
        catch (InputException)
        {
            // No known layout: the clips are still featurised, without machine, split or label.
        }

        if (catalog is not null)
        {
            DatasetSplit split = DatasetSplitter.Split(catalog);
            foreach (var (entries, name) in new[] { (split.Train, "train"), (split.Test, "test"), (split.Unused, "unused") })
            {
                foreach (CatalogEntry entry in entries)
                {
                    facts[entry.Path] = (entry, name);
                }
            }
        }

        return files
            .Select(f =>
            {
                string name = Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/');
                return facts.TryGetValue(f, out var known)
                    ? new FeatureTableClip(f, name, $"{known.Entry.MachineType}/{known.Entry.MachineId}", known.Split, LabelName(known.Entry.Label))
                    : new FeatureTableClip(f, name);
            })
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Writes the stacked features of <paramref name="clips"/> to <paramref name="matrixPath"/> and the index to
    /// <see cref="IndexPathOf"/>. A clip that cannot be read is left out and reported in
    /// <see cref="FeatureTableResult.Failures"/>; when every clip fails, neither file is written (nor an existing one
    /// replaced). The caller decides beforehand whether existing files may be replaced.
    /// </summary>
    /// <param name="matrixPath">The .npy file.</param>
    /// <param name="clips">The clips, in matrix order.</param>
    /// <param name="extractor">The features (a row per frame with one context frame, else per context vector).</param>
    /// <param name="progress">Receives the number of clips done so far.</param>
    /// <param name="cancellationToken">Stops between clips; nothing is written.</param>
    /// <param name="maxParallelism">Clips featurised at once; null means one per core.</param>
    public static FeatureTableResult Write(string matrixPath, IReadOnlyList<FeatureTableClip> clips, ClipFeatureExtractor extractor,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, int? maxParallelism = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(matrixPath);
        FeatureTableResult? result = null;
        AtomicFile.WriteIf(matrixPath, stream =>
        {
            result = Write(stream, clips, extractor, progress, cancellationToken, maxParallelism);
            if (!result.Written)
            {
                return false;
            }

            // The index goes into place first: a matrix never stands beside an index of other rows.
            AtomicFile.WriteText(IndexPathOf(matrixPath), writer => WriteIndex(writer, result.Rows));
            return true;
        });
        return result!;
    }

    /// <summary>
    /// Writes the stacked features of <paramref name="clips"/> as one .npy matrix into <paramref name="matrix"/>
    /// (writable and seekable: the header's row count is written last). See <see cref="Write(string, IReadOnlyList{FeatureTableClip}, ClipFeatureExtractor, IProgress{int}?, CancellationToken, int?)"/>.
    /// </summary>
    public static FeatureTableResult Write(Stream matrix, IReadOnlyList<FeatureTableClip> clips, ClipFeatureExtractor extractor,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(extractor);
        if (maxParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, "At least one clip at a time.");
        }

        var writer = new NpyStackWriter(matrix, extractor.Options.VectorLength);
        var stacker = new OrderedStacker(writer, clips, extractor, progress, cancellationToken);
        stacker.Run(Math.Max(1, Math.Min(maxParallelism ?? Environment.ProcessorCount, clips.Count)));
        writer.Complete();
        return new FeatureTableResult(
            stacker.Rows.OfType<FeatureTableRow>().ToList(),
            stacker.Failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
            writer.Columns);
    }

    /// <summary>Writes the index: <see cref="IndexHeader"/>, then one line per row, RFC 4180 quoting where needed.</summary>
    public static void WriteIndex(TextWriter writer, IEnumerable<FeatureTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(IndexHeader);
        writer.Write('\n');
        foreach (FeatureTableRow row in rows)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{Field(row.Clip.Name)},{Field(row.Clip.Machine)},{Field(row.Clip.Split)},{Field(row.Clip.Label)},{row.FirstRow},{row.RowCount}\n"));
        }
    }

    private static string LabelName(ClipLabel label) => label switch
    {
        ClipLabel.Normal => "normal",
        ClipLabel.Anomaly => "anomaly",
        _ => "unknown",
    };

    // Quoted, with doubled quotes, only when the text holds a comma, quote or line break (RFC 4180).
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    /// <summary>
    /// Featurises clips on several threads and appends their rows in clip order: workers claim clips in order, and each
    /// waits for its turn to append (the clip before it written or failed), so at most one finished clip per worker is
    /// held in memory and the matrix never depends on timing.
    /// </summary>
    private sealed class OrderedStacker(
        NpyStackWriter writer,
        IReadOnlyList<FeatureTableClip> clips,
        ClipFeatureExtractor extractor,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        private readonly object _gate = new(); // Monitor.Wait/PulseAll need a monitor, not a System.Threading.Lock
        private int _claimed = -1;
        private int _done;
        private int _turn;
        private bool _aborted;
        private long _nextRow; // touched only by the worker whose turn it is

        public FeatureTableRow?[] Rows { get; } = new FeatureTableRow?[clips.Count];

        public ConcurrentBag<ClipFailure> Failures { get; } = [];

        public void Run(int workers)
        {
            // Dedicated threads: a worker blocks while waiting for its turn, which must not starve the thread pool.
            var others = Enumerable.Range(1, workers - 1)
                .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToList();
            var errors = new List<Exception>();
            try
            {
                Work();
            }
            catch (Exception e)
            {
                errors.Add(e);
            }

            foreach (Task task in others)
            {
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    errors.Add(e);
                }
            }

            // The cause, not a worker that stopped because another failed.
            if ((errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.FirstOrDefault()) is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        private void Work()
        {
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref _claimed)) < clips.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    FeatureTableClip clip = clips[i];
                    bool turnTaken = false;
                    try
                    {
                        extractor.Vectors(clip.Path, (values, rows, columns) =>
                        {
                            WaitForTurn(i);
                            turnTaken = true;
                            writer.Append(values.AsSpan(0, rows * columns));
                            Rows[i] = new FeatureTableRow(clip, _nextRow, rows);
                            _nextRow += rows;
                            EndTurn();
                        });
                    }
                    catch (AuscultException e) when (!turnTaken)
                    {
                        Failures.Add(new ClipFailure(clip.Path, e.Message));
                        WaitForTurn(i);
                        EndTurn();
                    }

                    progress?.Report(Interlocked.Increment(ref _done));
                }
            }
            catch
            {
                lock (_gate)
                {
                    _aborted = true;
                    Monitor.PulseAll(_gate);
                }

                throw;
            }
        }

        private void WaitForTurn(int clip)
        {
            lock (_gate)
            {
                while (_turn != clip && !_aborted)
                {
                    Monitor.Wait(_gate);
                }

                if (_aborted)
                {
                    throw new OperationCanceledException("Another clip's worker failed.");
                }
            }
        }

        private void EndTurn()
        {
            lock (_gate)
            {
                _turn++;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
