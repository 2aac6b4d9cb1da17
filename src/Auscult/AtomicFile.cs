namespace Auscult;

/// <summary>
/// Writes a file beside its destination and moves it into place, so an interrupted or failed write never leaves a
/// half-written file under the final name, and an existing file is replaced only by a complete one.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temporary file written beside the destination.</summary>
    public const string PartialSuffix = ".partial";

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteIf(path, stream =>
        {
            write(stream);
            return true;
        });
    }

    /// <summary>
    /// Writes through <paramref name="write"/> and moves the file into place only when it returns true (false: nothing
    /// was worth keeping, e.g. every clip of a stacked matrix failed); an existing file is then left as it was.
    /// </summary>
    /// <returns>Whether the file was written.</returns>
    public static bool WriteIf(string path, Func<Stream, bool> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new InputException($"{path}: cannot be written: the folder {folder} does not exist.");
        }

        string temporary = fullPath + PartialSuffix;
        try
        {
            bool keep;
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                keep = write(stream);
            }

            if (keep)
            {
                File.Move(temporary, fullPath, overwrite: true);
            }

            return keep;
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or UnauthorizedAccessException
            || (ex is IOException && ex.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase)))
        {
            // Plain words, not .NET's ("Could not find a part of the path ...").
            string why = ex switch
            {
                DirectoryNotFoundException => $"the folder {folder} does not exist",
                UnauthorizedAccessException => $"permission denied in {folder}",
                _ => $"{folder} is on a read-only file system",
            };
            throw new InputException($"{path}: cannot be written: {why}.", ex);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes text (UTF-8, no byte-order mark) atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(writer);
        });
}
