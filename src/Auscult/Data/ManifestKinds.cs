namespace Auscult.Data;

/// <summary>
/// Reads the kind of each anomalous clip from a <c>manifest.csv</c> that names it (<c>auscult synth</c> writes one:
/// columns <c>path</c>, relative to the manifest's folder, and <c>anomaly_kind</c>, <c>none</c> for normal clips).
/// </summary>
internal static class ManifestKinds
{
    public const string FileName = "manifest.csv";

    /// <summary>How many folders above a catalog's root are searched for a manifest (MIMII's root may be an id folder).</summary>
    private const int LevelsUp = 3;

    /// <summary>
    /// The entries with <see cref="CatalogEntry.AnomalyKind"/> set from the nearest manifest at or above
    /// <paramref name="root"/>; unchanged when there is none or it has no <c>path</c> and <c>anomaly_kind</c> columns.
    /// </summary>
    public static List<CatalogEntry> Apply(string root, List<CatalogEntry> entries)
    {
        string? folder = root;
        for (int level = 0; level <= LevelsUp && folder is not null; level++, folder = Path.GetDirectoryName(folder))
        {
            string manifest = Path.Combine(folder, FileName);
            if (File.Exists(manifest))
            {
                var kinds = Read(manifest);
                string manifestFolder = folder;
                return kinds.Count == 0
                    ? entries
                    : [.. entries.Select(e => e.Label == ClipLabel.Anomaly
                        && kinds.TryGetValue(Path.GetRelativePath(manifestFolder, e.Path).Replace(Path.DirectorySeparatorChar, '/'), out string? kind)
                            ? e with { AnomalyKind = kind }
                            : e)];
            }
        }

        return entries;
    }

    /// <summary>Relative path to anomaly kind, for the rows that name one (not <c>none</c>).</summary>
    internal static Dictionary<string, string> Read(string manifest)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(manifest);
        string[] header = (reader.ReadLine() ?? "").Split(',');
        int pathColumn = Array.IndexOf(header, "path"), kindColumn = Array.IndexOf(header, "anomaly_kind");
        if (pathColumn < 0 || kindColumn < 0)
        {
            return kinds;
        }

        while (reader.ReadLine() is { } line)
        {
            string[] fields = line.Split(',');
            if (fields.Length > Math.Max(pathColumn, kindColumn) && fields[kindColumn] is { Length: > 0 } kind && kind != "none")
            {
                kinds[fields[pathColumn]] = kind;
            }
        }

        return kinds;
    }
}
