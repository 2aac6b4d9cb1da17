namespace Auscult.Cli;

/// <summary>
/// The one overwrite policy of every command, checked before any work starts: an output file that exists, or an output
/// folder that holds files, is replaced only with <c>--overwrite</c>. Folders a command creates are remembered, so a
/// command that fails leaves no empty folder behind (<see cref="RemoveEmptyCreatedFolders"/>).
/// </summary>
internal static class CliOutputs
{
    private static readonly AsyncLocal<List<string>?> Created = new();

    /// <summary>Starts remembering the folders created by the command run on this logical flow.</summary>
    public static void BeginRun() => Created.Value = [];

    /// <summary>Refuses an output file that exists (unless <paramref name="overwrite"/>), is a folder, or cannot be written.</summary>
    public static void CheckFile(string path, bool overwrite, string option = "--out")
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"{path}: is a folder; {option} names the file to write.");
        }

        if (File.Exists(path) && !overwrite)
        {
            throw new InputException($"{path}: already exists; pass --overwrite to replace it.");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (File.Exists(folder))
        {
            throw new InputException($"{path}: {folder} is a file, not a folder.");
        }

        if (!Directory.Exists(folder))
        {
            throw new InputException($"{path}: the folder {folder} does not exist.");
        }

        CheckWritable(folder);
    }

    /// <summary>
    /// Refuses an output folder that is a file, or holds files (unless <paramref name="overwrite"/>); creates it and
    /// checks it can be written.
    /// </summary>
    public static void PrepareFolder(string folder, bool overwrite, string option = "--out")
    {
        if (File.Exists(folder))
        {
            throw new InputException($"{folder}: is a file; {option} names a folder.");
        }

        if (!overwrite && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new InputException($"{folder}: the folder is not empty; give a new or empty folder, or pass --overwrite to replace the files in it.");
        }

        CreateFolder(folder);
        CheckWritable(folder);
    }

    /// <summary>Creates <paramref name="folder"/> and its parents, remembering the top-most one that did not exist.</summary>
    public static void CreateFolder(string folder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string? topNew = null;
        for (string? f = full; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
        {
            if (File.Exists(f))
            {
                throw new InputException($"{f}: is a file, where the output needs a folder.");
            }

            topNew = f;
        }

        Directory.CreateDirectory(full);
        if (topNew is not null && Created.Value is { } created)
        {
            lock (created)
            {
                created.Add(topNew);
            }
        }
    }

    /// <summary>After a failed run: deletes the folders it created that hold no file (only empty sub-folders).</summary>
    public static void RemoveEmptyCreatedFolders()
    {
        if (Created.Value is not { } created)
        {
            return;
        }

        lock (created)
        {
            foreach (string folder in created.Where(Directory.Exists))
            {
                try
                {
                    if (!Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: the error the user sees is the command's own.
                }
            }

            created.Clear();
        }
    }

    /// <summary>Writes and deletes a probe file, so a read-only or foreign folder fails before minutes of work, not after.</summary>
    private static void CheckWritable(string folder)
    {
        string probe = Path.Combine(folder, $".auscult-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied"
                : e.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) ? "read-only file system"
                : "the folder cannot be written";
            throw new InputException($"cannot write to {folder}: {why}.");
        }
    }
}
