using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Auscult.Torch.Tests;

/// <summary>Edits the manifest.json inside a saved bundle, to make old, damaged or odd bundles.</summary>
internal static class BundleManifestFile
{
    public static void Rewrite(string path, Action<JsonNode> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        JsonNode json;
        using (var s = entry.Open())
        {
            json = JsonNode.Parse(s)!;
        }

        edit(json);
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write(json.ToJsonString());
    }
}
