using System.Globalization;
using System.Text;
using System.Text.Json;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Jobs;

/// <summary>
/// What a machine type has to train on, read from the database, and written out as a data set folder the training
/// workflows read: the MIMII layout of <c>/labels/export</c>, <c>&lt;type&gt;/id_00/{normal,abnormal}/&lt;clip&gt;.wav</c> (every
/// machine of the type under one id), with a <c>manifest.csv</c> naming each anomaly's kind and each clip's machine.
/// </summary>
/// <remarks>
/// Normal clips: every clip labelled normal (a rejected alert's clips), and the newest unlabelled clips that are in no
/// alert, whose input was fit and that no model called anomalous (clips scored <c>no-model</c> count: they are what a new
/// site's first model learns from). Anomalous clips: the clips labelled anomalous. Only clips whose audio is still kept.
/// </remarks>
public sealed class TrainingData
{
    private const string UnlabelledNormal =
        """
        FROM clips c JOIN machines m ON m.id = c.machine_id
        WHERE m.machine_type = @machineType AND c.audio_path IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM alert_clips ac WHERE ac.clip_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.clip_id = c.id AND s.verdict NOT IN ('normal', 'no-model'))
        """;

    private const string Labelled =
        """
        FROM labels l JOIN clips c ON c.id = l.clip_id JOIN machines m ON m.id = c.machine_id
        WHERE m.machine_type = @machineType AND c.audio_path IS NOT NULL
        """;

    private readonly AuscultDatabase _database;
    private readonly FileStore _files;

    public TrainingData(AuscultDatabase database, FileStore files)
    {
        _database = database;
        _files = files;
    }

    /// <summary>Normal clips and anomalous labels of <paramref name="machineType"/> whose audio is kept.</summary>
    public Task<(int NormalClips, int AnomalousLabels)> CountAsync(string machineType, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
        {
            long unlabelled = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {UnlabelledNormal}", new { machineType }).ConfigureAwait(false);
            long normalLabels = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {Labelled} AND l.label = 'normal'", new { machineType }).ConfigureAwait(false);
            long anomalous = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {Labelled} AND l.label = 'anomalous'", new { machineType }).ConfigureAwait(false);
            return ((int)(unlabelled + normalLabels), (int)anomalous);
        }, cancellationToken);

    /// <summary>
    /// Writes the data set of <paramref name="machineType"/> under <paramref name="folder"/> (which must be empty or
    /// missing): every labelled clip and the newest <paramref name="maxUnlabelledNormal"/> unlabelled normal clips.
    /// </summary>
    /// <returns>Normal and anomalous clips written.</returns>
    public async Task<(int Normal, int Anomalous)> WriteAsync(string machineType, string folder, int maxUnlabelledNormal,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var rows = await _database.WithConnectionAsync(async c =>
        {
            var labelled = await c.QueryAsync<Row>($"SELECT c.id AS clip_id, c.machine_id, c.audio_path, c.health, l.label, l.kind, 1 AS labelled {Labelled}",
                new { machineType }).ConfigureAwait(false);
            var normal = await c.QueryAsync<Row>(
                $"SELECT c.id AS clip_id, c.machine_id, c.audio_path, c.health, 'normal' AS label, NULL AS kind, 0 AS labelled {UnlabelledNormal} ORDER BY c.received_at DESC, c.id DESC LIMIT @max",
                new { machineType, max = maxUnlabelledNormal }).ConfigureAwait(false);
            return labelled.Concat(normal).ToList();
        }, cancellationToken).ConfigureAwait(false);

        // Every machine of the type goes under one MIMII id: the evaluation's per-machine figures need both labels on each
        // machine, which a site's labels rarely give (one machine's alerts), so the figures are pooled over the type. The
        // manifest's machine column keeps which machine each clip came from.
        const string Id = "id_00";
        var manifest = new StringBuilder("path,machine_type,machine_id,label,anomaly_kind,machine\n");
        int normalCount = 0, anomalousCount = 0;
        foreach (var row in rows.OrderBy(r => r.ClipId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A labelled clip is trusted as labelled; an unlabelled one only if its input was fit.
            if (row.AudioPath is null || !_files.Exists(row.AudioPath) || (row.Labelled == 0 && !IsFit(row.Health)))
            {
                continue;
            }

            bool anomalous = row.Label == LabelStore.Anomalous;
            string relative = $"{Safe(machineType)}/{Id}/{(anomalous ? "abnormal" : "normal")}/{Safe(row.ClipId)}.wav";
            string target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(_files.FullPath(row.AudioPath), target, overwrite: false);
            string kind = !anomalous ? "none" : row.Kind is null or "anomaly" ? "" : Safe(row.Kind);
            manifest.Append(CultureInfo.InvariantCulture,
                $"{relative},{Safe(machineType)},{Id},{(anomalous ? "abnormal" : "normal")},{kind},{Safe(row.MachineId)}\n");
            if (anomalous)
            {
                anomalousCount++;
            }
            else
            {
                normalCount++;
            }
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.csv"), manifest.ToString(), cancellationToken).ConfigureAwait(false);
        return (normalCount, anomalousCount);
    }

    private static bool IsFit(string? health)
    {
        if (string.IsNullOrEmpty(health))
        {
            return true;
        }

        using var document = JsonDocument.Parse(health);
        return !document.RootElement.TryGetProperty("fit", out var fit) || fit.ValueKind != JsonValueKind.False;
    }

    /// <summary>Ids and kinds are letters, digits, '.', '_' and '-'; anything else would break a path or the CSV.</summary>
    private static string Safe(string value) =>
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
        public string? AudioPath { get; set; }
        public string? Health { get; set; }
        public string Label { get; set; } = "";
        public string? Kind { get; set; }
        public long Labelled { get; set; }
    }
}
