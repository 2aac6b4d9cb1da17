namespace Auscult.Audio;

/// <summary>Finds recordings: every <c>.wav</c> file (any case) below a folder, in one stable order.</summary>
public static class WavFiles
{
    /// <summary>
    /// The full paths of the .wav files below <paramref name="folder"/>, recursively, sorted by path (ordinal) so every
    /// run and machine sees the same order; folders that cannot be read are skipped.
    /// </summary>
    public static IReadOnlyList<string> Under(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Directory.EnumerateFiles(Path.GetFullPath(folder), "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
