using System.Text.RegularExpressions;

namespace Auscult.Cli;

/// <summary>
/// Turns the errors a user can act on into one plain line: library errors as they are, file-system errors with the path
/// and the problem in plain words (never .NET's own wording), errors from parallel work unwrapped.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>The one-line message for <paramref name="error"/>, or null when it is a defect that should surface as such.</summary>
    public static string? Describe(Exception error) => Unwrap(error) switch
    {
        AuscultException e => e.Message,
        Agent.Transport.TransportException e => e.Message,
        // A database that is down, restarting or refusing (serve, keys, users, loadgen --check): its own words, no trace.
        System.Data.Common.DbException e => $"the database: {e.Message}",
        DirectoryNotFoundException e => PathIn(e) is string path
            ? $"{path}: a folder on this path does not exist."
            : "a folder on the path does not exist.",
        FileNotFoundException e => $"{e.FileName ?? PathIn(e) ?? "the file"}: no such file.",
        UnauthorizedAccessException e => $"{PathIn(e) ?? "a file or folder"}: permission denied.",
        IOException e when e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) =>
            $"cannot write to {FolderOf(PathIn(e))}: read-only file system.",
        IOException e when e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) =>
            $"cannot write to {FolderOf(PathIn(e))}: no space left on the device.",
        IOException e when e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase) && PathIn(e) is string path =>
            $"{path}: is a file where a folder is needed.",
        IOException e when PathIn(e) is string path => $"{path}: cannot be read or written.",
        IOException => "a file could not be read or written.",
        _ => null,
    };

    /// <summary>Whether <paramref name="error"/> (unwrapped) is Ctrl-C's cancellation.</summary>
    public static bool IsCancellation(Exception error) => Unwrap(error) is OperationCanceledException;

    /// <summary>The first real error inside <see cref="AggregateException"/>s (parallel loops and tasks wrap them).</summary>
    public static Exception Unwrap(Exception error)
    {
        while (error is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
        {
            // A user error beats the cancellations it caused in the other workers.
            error = aggregate.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException)
                ?? aggregate.InnerExceptions[0];
        }

        return error;
    }

    private static string? PathIn(Exception error) => QuotedPath().Match(error.Message) is { Success: true } match
        ? StripPartial(match.Groups[1].Value)
        : null;

    /// <summary>A file being written atomically has a temporary name; the user knows the folder.</summary>
    private static string FolderOf(string? path) =>
        path is null ? "the output folder" : Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : path;

    private static string StripPartial(string path) =>
        path.EndsWith(AtomicFile.PartialSuffix, StringComparison.Ordinal) ? path[..^AtomicFile.PartialSuffix.Length] : path;

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();
}
