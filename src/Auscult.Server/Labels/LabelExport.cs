using System.Globalization;
using System.IO.Compression;
using System.Text;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Labels;

/// <summary>
/// The labelled clips as a data set that <c>auscult train --model classifier</c> reads: a zip in the MIMII layout,
/// <c>&lt;machine type&gt;/id_NN/{normal,abnormal}/&lt;clip id&gt;.wav</c>, with a <c>manifest.csv</c> at its root that
/// names each anomalous clip's kind (column <c>anomaly_kind</c>, <c>none</c> for normal clips, empty when the operator
/// named none) and which service machine each <c>id_NN</c> is (column <c>machine</c>), and a README.txt.
/// </summary>
/// <remarks>
/// MIMII ids are <c>id_</c> and digits, so each machine type's machines are numbered in ordinal order of their ids
/// (<c>fan-01</c> becomes <c>id_00</c>, <c>fan-02</c> <c>id_01</c>); the manifest keeps the mapping. Labelled clips whose
/// audio is gone are left out and counted.
/// </remarks>
public sealed class LabelExport
{
    /// <summary>The manifest's columns: the first five as <c>auscult synth</c> writes them, so the catalog reads the kinds.</summary>
    public const string ManifestHeader = "path,machine_type,machine_id,label,anomaly_kind,machine,clip_id,label_source,labelled_by,labelled_at";

    private readonly AuscultDatabase _database;
    private readonly FileStore _files;

    public LabelExport(AuscultDatabase database, FileStore files)
    {
        _database = database;
        _files = files;
    }

    /// <summary>Writes the zip of the labels of <paramref name="machineType"/> and/or <paramref name="machineId"/> (null: all) to <paramref name="destination"/>.</summary>
    /// <returns>How many clips went in, and how many labelled clips were left out because their audio is gone.</returns>
    public async Task<(int Exported, int MissingAudio)> WriteZipAsync(Stream destination, string? machineType, string? machineId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var rows = (await _database.WithConnectionAsync(c => c.QueryAsync<Row>(
            """
            SELECT l.clip_id, l.machine_id, l.label, l.kind, l.source, l.created_by, l.created_at, c.audio_path, m.machine_type
            FROM labels l JOIN clips c ON c.id = l.clip_id JOIN machines m ON m.id = l.machine_id
            WHERE (@machineType IS NULL OR m.machine_type = @machineType) AND (@machineId IS NULL OR l.machine_id = @machineId)
            """, new { machineType, machineId }), cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.MachineType, StringComparer.Ordinal).ThenBy(r => r.MachineId, StringComparer.Ordinal).ThenBy(r => r.ClipId, StringComparer.Ordinal)
            .ToList();
        var ids = rows.GroupBy(r => r.MachineType, StringComparer.Ordinal)
            .SelectMany(type => type.Select(r => r.MachineId).Distinct(StringComparer.Ordinal).Select((machine, i) => (type.Key, machine, i)))
            .ToDictionary(x => (x.Key, x.machine), x => string.Create(CultureInfo.InvariantCulture, $"id_{x.i:00}"));

        var manifest = new StringBuilder().Append(ManifestHeader).Append('\n');
        int exported = 0, missing = 0;
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (row.AudioPath is null || !_files.Exists(row.AudioPath))
                {
                    missing++;
                    continue;
                }

                bool anomalous = row.Label == LabelStore.Anomalous;
                string path = $"{Field(row.MachineType)}/{ids[(row.MachineType, row.MachineId)]}/{(anomalous ? "abnormal" : "normal")}/{Field(row.ClipId)}.wav";
                var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
                entry.LastWriteTime = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt);
                await using (var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
                await using (var source = File.OpenRead(_files.FullPath(row.AudioPath)))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }

                // An unknown kind stays empty: the catalog then trains normal against anomaly rather than a class named "anomaly".
                string kind = !anomalous ? "none" : row.Kind is null or "anomaly" ? "" : Field(row.Kind);
                manifest.Append(CultureInfo.InvariantCulture,
                    $"{path},{Field(row.MachineType)},{ids[(row.MachineType, row.MachineId)]},{(anomalous ? "abnormal" : "normal")},{kind},{Field(row.MachineId)},{Field(row.ClipId)},{Field(row.Source)},{Field(row.CreatedBy)},{DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt):yyyy-MM-ddTHH:mm:ss.fffZ}\n");
                exported++;
            }

            await WriteTextAsync(zip, "manifest.csv", manifest.ToString(), cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(zip, "README.txt", Readme(rows.Select(r => r.MachineType).Distinct().ToList(), exported, missing), cancellationToken)
                .ConfigureAwait(false);
        }

        return (exported, missing);
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        await using var stream = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    private static string Readme(IReadOnlyList<string> types, int exported, int missing)
    {
        string left = missing > 0 ? $" ({missing} labelled clips left out: their audio is no longer kept)" : "";
        string type = types.Count > 0 ? types[0] : "<type>";
        return $"Auscult labelled clips: {exported} clips{left}.\n" +
            "Layout (MIMII): <machine type>/id_NN/{normal,abnormal}/<clip id>.wav. manifest.csv names each anomalous clip's kind\n" +
            "(anomaly_kind) and the service machine behind each id_NN (machine).\n\n" +
            "Train the supervised classifier on one machine type:\n" +
            $"  auscult train --data <this folder> --model classifier --machine-type {type} --out model.auscult\n" +
            $"Machine types here: {(types.Count > 0 ? string.Join(", ", types) : "(none)")}.\n";
    }

    /// <summary>Ids and kinds are letters, digits, '.', '_' and '-' (MachineIds); anything else would break a path or the CSV.</summary>
    private static string Field(string value) =>
        string.Create(value.Length, value, (span, v) =>
        {
            for (int i = 0; i < v.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(v[i]) || v[i] is '.' or '_' or '-' ? v[i] : '_';
            }
        });

    private sealed class Row
    {
        public string ClipId { get; set; } = "";
        public string MachineId { get; set; } = "";
        public string Label { get; set; } = "";
        public string? Kind { get; set; }
        public string Source { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? AudioPath { get; set; }
        public string MachineType { get; set; } = "";
    }
}
