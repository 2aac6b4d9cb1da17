using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Data;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Workflows;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Operations;

/// <summary><c>GET /api/v1/labels/export</c>: a zip that the library's catalog reads as a labelled data set, kinds and all, and that trains a classifier.</summary>
public sealed class LabelExportTests : IDisposable
{
    private readonly AuscultApp _app = new();
    private readonly TempFolder _unzipped = new();

    [Fact]
    public async Task TheExport_IsAMimiiDataSet_WhoseManifestNamesTheKinds_AndTheClassifierTrainsOnIt()
    {
        using var admin = _app.Admin();
        // fan-01: 4 normal, 3 whining labelled "whine"; fan-02: 4 normal, 3 whining labelled "bearing"; pump-01: one normal and
        // one anomaly without a kind; one more fan-01 clip is labelled but its audio is gone.
        var labels = new List<(string ClipId, string Machine, string Label, string? Kind)>();
        int seed = 0;
        foreach (var (machine, kind) in new[] { ("fan-01", "whine"), ("fan-02", "bearing") })
        {
            for (int i = 0; i < 4; i++)
            {
                labels.Add((await PostAsync(admin, machine, "fan", seed++, whine: false), machine, "normal", null));
            }

            for (int i = 0; i < 3; i++)
            {
                labels.Add((await PostAsync(admin, machine, "fan", seed++, whine: true), machine, "anomalous", kind));
            }
        }

        labels.Add((await PostAsync(admin, "pump-01", "pump", seed++, whine: false), "pump-01", "normal", null));
        labels.Add((await PostAsync(admin, "pump-01", "pump", seed++, whine: true), "pump-01", "anomalous", null));
        string gone = await PostAsync(admin, "fan-01", "fan", seed++, whine: false);
        labels.Add((gone, "fan-01", "normal", null));
        var database = _app.Services.GetRequiredService<AuscultDatabase>();
        await database.InTransactionAsync(async (c, t) =>
        {
            foreach (var (clipId, machine, label, kind) in labels)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO labels (id, clip_id, machine_id, label, kind, source, alert_id, created_by, created_at)
                    VALUES (@id, @clipId, @machine, @label, @kind, 'alert-confirmed', NULL, 'key_op', 1764576000000)
                    """, new { id = "l-" + clipId, clipId, machine, label, kind }, t);
            }

            return await c.ExecuteAsync("UPDATE clips SET audio_path = NULL WHERE id = @gone", new { gone }, t);
        });

        using var all = await admin.GetAsync("/api/v1/labels/export");
        using var fans = await admin.GetAsync("/api/v1/labels/export?machineType=fan");

        Assert.Equal(HttpStatusCode.OK, fans.StatusCode);
        Assert.Equal("application/zip", fans.Content.Headers.ContentType!.MediaType);
        Assert.Equal("1", fans.Headers.GetValues("X-Auscult-Missing-Audio").Single());
        using (var zip = new ZipArchive(await all.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(16 + 2, zip.Entries.Count); // 16 clips with audio, the manifest and the README
        }

        using (var zip = new ZipArchive(await fans.Content.ReadAsStreamAsync()))
        {
            zip.ExtractToDirectory(_unzipped.Path);
        }

        var catalog = ClipCatalog.Discover(_unzipped.Path);
        Assert.Equal(DatasetLayout.Mimii, catalog.Layout);
        Assert.Equal(0, catalog.Ignored);
        Assert.Equal(14, catalog.Entries.Count);
        Assert.Equal(["fan"], catalog.MachineTypes);
        Assert.Equal(["id_00", "id_01"], catalog.Entries.Select(e => e.MachineId).Distinct().Order(StringComparer.Ordinal));
        foreach (var (clipId, machine, label, kind) in labels.Where(l => l.Machine.StartsWith("fan", StringComparison.Ordinal) && l.ClipId != gone))
        {
            var entry = catalog.Entries.Single(e => e.FileName == clipId + ".wav");
            Assert.Equal(machine == "fan-01" ? "id_00" : "id_01", entry.MachineId);
            Assert.Equal(label == "normal" ? ClipLabel.Normal : ClipLabel.Anomaly, entry.Label);
            Assert.Equal(kind, entry.AnomalyKind);
        }

        Assert.Equal(["normal", "bearing", "whine"], SupervisedLabels.For(catalog.Entries, minimumClipsPerKind: 2).Names);
        var training = ClipSelection.SupervisedTraining(catalog, "fan", null);
        using var trained = ClassifierTraining.Train(training, new ClassifierTrainingOptions { Budget = TimeSpan.FromSeconds(3), Seed = 1 });
        Assert.Equal(training.Clips.Count, trained.ClipCount);
        Assert.Equal(["normal", "anomaly"], trained.ClassNames); // 3 clips a kind are too few for a class of their own
    }

    [Fact]
    public async Task WithNoLabels_TheExportIsAnEmptyDataSetWithItsManifest_AndABadFilterIsRefused()
    {
        using var admin = _app.Admin();

        using var empty = await admin.GetAsync("/api/v1/labels/export");
        using var bad = await admin.GetAsync("/api/v1/labels/export?machineType=fan%2C..");

        using var zip = new ZipArchive(await empty.Content.ReadAsStreamAsync());
        Assert.Equal(["README.txt", "manifest.csv"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("manifest.csv")!.Open());
        Assert.Equal(Labels.LabelExport.ManifestHeader, (await reader.ReadToEndAsync()).Trim());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<string> PostAsync(HttpClient client, string machine, string type, int seed, bool whine)
    {
        using var posted = await AuscultApp.PostClipAsync(client, machine, TestAudio.Wav(TestAudio.Hum(seed, whine, seconds: 2)), machineType: type);
        posted.EnsureSuccessStatusCode();
        return (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!;
    }

    public void Dispose()
    {
        _app.Dispose();
        _unzipped.Dispose();
    }
}
