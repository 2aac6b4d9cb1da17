using System.Globalization;

namespace Auscult.Server.Storage;

/// <summary>
/// Files in the data folder: clip audio under <c>audio/yyyy/MM/dd/{clipId}.wav</c> (by the day received, UTC) and model
/// bundles under <c>models/{sha256}.auscult</c>. Paths stored in the database are relative to the data folder, so the
/// folder can move. Files are written to a temporary name and renamed, so no reader ever sees half a file.
/// </summary>
public sealed class FileStore
{
    private const string TempSuffix = ".tmp";

    public FileStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
    }

    /// <summary>The data folder, absolute.</summary>
    public string DataDirectory { get; }

    /// <summary>Where a clip received at <paramref name="receivedAt"/> keeps its audio, relative to the data folder.</summary>
    public static string AudioPathOf(string clipId, DateTimeOffset receivedAt)
    {
        var day = receivedAt.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"audio/{day:yyyy}/{day:MM}/{day:dd}/{clipId}.wav");
    }

    /// <summary>Where a model bundle is kept, relative to the data folder.</summary>
    public static string ModelPathOf(string modelId) => $"models/{modelId}.auscult";

    /// <summary>The absolute path of a stored relative path.</summary>
    /// <exception cref="InvalidOperationException">The path leads outside the data folder.</exception>
    public string FullPath(string relative)
    {
        string full = Path.GetFullPath(Path.Combine(DataDirectory, relative));
        if (!full.StartsWith(DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The stored path '{relative}' leads outside the data folder.");
        }

        return full;
    }

    /// <summary>
    /// Whether <see cref="WriteAsync"/> flushes each file to disk before renaming it into place (see
    /// <see cref="ServerOptions.FlushAudioToDisk"/>); true unless the service's options turn it off.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relative"/> atomically (flushed to disk when <see cref="FlushToDisk"/>, then renamed into place).</summary>
    public Task WriteAsync(string relative, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            // A synchronous write: a clip is a few hundred KB into the page cache (tens of microseconds), less than the
            // thread-pool hops of FileOptions.Asynchronous, which Linux files do not have natively.
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(bytes.Span);
                if (FlushToDisk)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            File.Move(temp, full, overwrite: true);
            return Task.CompletedTask;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Moves a finished temporary file into place at <paramref name="relative"/> (replacing an identical one).</summary>
    public void MoveInto(string tempPath, string relative)
    {
        string full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Move(tempPath, full, overwrite: true);
    }

    /// <summary>A new temporary file name in the data folder's <c>tmp</c> folder (same file system, so a rename moves it).</summary>
    public string NewTempPath()
    {
        string folder = Path.Combine(DataDirectory, "tmp");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}{TempSuffix}");
    }

    /// <summary>Whether a stored file exists.</summary>
    public bool Exists(string relative) => File.Exists(FullPath(relative));

    /// <summary>Deletes a stored file; a missing one is fine.</summary>
    public void Delete(string relative) => TryDelete(FullPath(relative));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // An orphaned file costs disk, never correctness: the database does not point at it.
        }
    }
}
