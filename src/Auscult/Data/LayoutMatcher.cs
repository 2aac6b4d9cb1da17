using System.Globalization;
using System.Text.RegularExpressions;

namespace Auscult.Data;

/// <summary>Reads what one file's path says under each layout; null when the path does not fit that layout.</summary>
/// <remarks>
/// Matching looks at the absolute path, not only the part below the root, so a root that is itself a type or id
/// folder still yields the type and id from the folders above it.
/// </remarks>
internal static partial class LayoutMatcher
{
    /// <summary>Layouts in the order that breaks ties: a MIMII file also fits the plain normal/abnormal layout.</summary>
    public static readonly DatasetLayout[] Priority =
        [DatasetLayout.Dcase2021, DatasetLayout.Dcase2020, DatasetLayout.Mimii, DatasetLayout.NormalAbnormalFolders];

    public const string ExpectedLayouts =
        "Expected one of these layouts:\n" +
        "  MIMII:        [<snr>_dB_<type>/]<type>/id_XX/{normal,abnormal}/*.wav\n" +
        "  DCASE 2020:   <type>/{train,test}/{normal,anomaly}_id_XX_NNNNNNNN.wav (or such names in one folder)\n" +
        "  DCASE 2021+:  <type>/{train,test}/section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_attr_value...].wav\n" +
        "                (or such names in one folder, optionally prefixed <type>_{train,test}_)\n" +
        "  plain:        <folder>/{normal,abnormal}/*.wav";

    [GeneratedRegex(@"^id_\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex MimiiIdFolder();

    [GeneratedRegex(@"^(?<snr>-?\d+)_dB_", RegexOptions.CultureInvariant)]
    private static partial Regex SnrFolder();

    [GeneratedRegex(@"^(?:(?<label>normal|anomaly)_)?(?<id>id_\d+)_\d+\.wav$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Dcase2020Name();

    [GeneratedRegex(
        @"^(?:(?<type>[^_]+)_(?<prefixSplit>train|test)_)?(?<section>section_\d+)_(?:(?<domain>source|target)_)?(?:(?<split>train|test)_)?(?:(?<label>normal|anomaly)_)?\d+(?:_(?<attributes>.+))?\.wav$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Dcase2021Name();

    public static CatalogEntry? Match(DatasetLayout layout, string path, string relativePath) => layout switch
    {
        DatasetLayout.Mimii => MatchMimii(path, relativePath),
        DatasetLayout.Dcase2020 => MatchDcase2020(path, relativePath),
        DatasetLayout.Dcase2021 => MatchDcase2021(path, relativePath),
        DatasetLayout.NormalAbnormalFolders => MatchPlain(path, relativePath),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    private static CatalogEntry? MatchMimii(string path, string relativePath)
    {
        string[] folders = Folders(path);
        if (folders.Length < 3 || LabelFolder(folders[^1]) is not { } label || !MimiiIdFolder().IsMatch(folders[^2]))
        {
            return null;
        }

        string type = folders[^3];
        int? snr = null;
        if (folders.Length >= 4 && SnrFolder().Match(folders[^4]) is { Success: true } m)
        {
            snr = int.Parse(m.Groups["snr"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return new CatalogEntry(path, relativePath, type, folders[^2], Domain.None, DataSplit.Unassigned, label) { SnrDb = snr };
    }

    private static CatalogEntry? MatchPlain(string path, string relativePath)
    {
        string[] folders = Folders(path);
        if (folders.Length < 2 || LabelFolder(folders[^1]) is not { } label)
        {
            return null;
        }

        // No type or id in this layout: the folder holding normal/ and abnormal/ names the machine.
        return new CatalogEntry(path, relativePath, folders[^2], folders[^2], Domain.None, DataSplit.Unassigned, label);
    }

    private static CatalogEntry? MatchDcase2020(string path, string relativePath)
    {
        var m = Dcase2020Name().Match(Path.GetFileName(path));
        if (!m.Success)
        {
            return null;
        }

        string[] folders = Folders(path);
        (string? type, DataSplit split) = TypeAndSplitFromFolders(folders);
        if (type is null)
        {
            return null;
        }

        return new CatalogEntry(path, relativePath, type, m.Groups["id"].Value.ToLowerInvariant(), Domain.None, split,
            NameLabel(m.Groups["label"]));
    }

    private static CatalogEntry? MatchDcase2021(string path, string relativePath)
    {
        var m = Dcase2021Name().Match(Path.GetFileName(path));
        if (!m.Success)
        {
            return null;
        }

        (string? folderType, DataSplit folderSplit) = TypeAndSplitFromFolders(Folders(path));
        string? type = m.Groups["type"].Success ? m.Groups["type"].Value : folderType;
        if (type is null)
        {
            return null;
        }

        // The split inside the name is the data set's own; the prefix and the folder only repeat it.
        DataSplit split = m.Groups["split"].Success ? ParseSplit(m.Groups["split"].Value)
            : m.Groups["prefixSplit"].Success ? ParseSplit(m.Groups["prefixSplit"].Value)
            : folderSplit;
        Domain domain = !m.Groups["domain"].Success ? Domain.None
            : m.Groups["domain"].Value.Equals("source", StringComparison.OrdinalIgnoreCase) ? Domain.Source : Domain.Target;

        return new CatalogEntry(path, relativePath, type, m.Groups["section"].Value.ToLowerInvariant(), domain, split,
            NameLabel(m.Groups["label"]))
        {
            Attributes = ParseAttributes(m.Groups["attributes"].Success ? m.Groups["attributes"].Value : ""),
        };
    }

    /// <summary>Key-value pairs from <c>key_value_key_value</c>; a lone trailing token maps to "".</summary>
    internal static IReadOnlyDictionary<string, string> ParseAttributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.Length == 0)
        {
            return attributes;
        }

        string[] tokens = text.Split('_');
        for (int i = 0; i < tokens.Length; i += 2)
        {
            attributes[tokens[i]] = i + 1 < tokens.Length ? tokens[i + 1] : "";
        }

        return attributes;
    }

    private static (string? Type, DataSplit Split) TypeAndSplitFromFolders(string[] folders)
    {
        if (folders.Length >= 2 && TrySplitFolder(folders[^1], out DataSplit split))
        {
            return (folders[^2], split);
        }

        // A flat folder of such names: the data set does not split it, and its name stands in for the type.
        return (folders.Length >= 1 ? folders[^1] : null, DataSplit.Unassigned);
    }

    private static bool TrySplitFolder(string name, out DataSplit split)
    {
        split = name.ToLowerInvariant() switch
        {
            "train" => DataSplit.Train,
            "test" => DataSplit.Test,
            _ => DataSplit.Unassigned,
        };
        return split != DataSplit.Unassigned;
    }

    private static DataSplit ParseSplit(string text) =>
        text.Equals("train", StringComparison.OrdinalIgnoreCase) ? DataSplit.Train : DataSplit.Test;

    private static ClipLabel NameLabel(Group group) =>
        !group.Success ? ClipLabel.Unknown
        : group.Value.Equals("normal", StringComparison.OrdinalIgnoreCase) ? ClipLabel.Normal : ClipLabel.Anomaly;

    private static ClipLabel? LabelFolder(string name) => name.ToLowerInvariant() switch
    {
        "normal" => ClipLabel.Normal,
        "abnormal" => ClipLabel.Anomaly,
        _ => null,
    };

    /// <summary>The folder names from the file system root down to the file's folder.</summary>
    private static string[] Folders(string path) =>
        (Path.GetDirectoryName(path) ?? "").Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
