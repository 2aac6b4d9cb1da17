using Auscult.Server.Clips;
using Auscult.Server.Machines;
using Auscult.Server.Retention;
using Auscult.Server.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.Retention;

/// <summary>
/// Audio retention on a real database, written once; <see cref="SqliteRetentionTests"/> and
/// <see cref="PostgresRetentionTests"/> run each on a fresh, migrated database with its own data folder.
/// </summary>
internal static class RetentionContract
{
    /// <summary>Day 0, 08:00 UTC: every scripted clip is received within the two hours after.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly RetentionOptions Options = new() { DeleteAudioAfter = TimeSpan.FromDays(7), SampleEvery = TimeSpan.FromHours(1) };

    /// <summary>The script: clip id, machine, minutes after T0, verdict, in an alert, labelled, and what retention must do.</summary>
    private static readonly (string Id, string Machine, int Minute, Verdict Verdict, bool Alert, bool Label, AudioKeptReason? Keep)[] Script =
    [
        ("a-0805", "fan-01", 5, Verdict.Normal, false, false, AudioKeptReason.Sample), // first normal of 08:00-09:00
        ("a-0810", "fan-01", 10, Verdict.Normal, false, false, null),
        ("b-0815", "fan-02", 15, Verdict.Normal, false, false, AudioKeptReason.Sample), // its own machine's sample
        ("a-0820", "fan-01", 20, Verdict.Anomalous, false, false, AudioKeptReason.Anomalous),
        ("a-0830", "fan-01", 30, Verdict.Anomalous, true, false, AudioKeptReason.Alert),
        ("a-0840", "fan-01", 40, Verdict.InputUnfit, false, false, null),
        ("a-0850", "fan-01", 50, Verdict.Normal, false, true, AudioKeptReason.Label),
        ("a-0905", "fan-01", 65, Verdict.InputUnfit, false, false, null), // unfit: never the sample
        ("a-0910", "fan-01", 70, Verdict.NoModel, false, false, AudioKeptReason.Sample), // no model counts as normal
        ("a-0915", "fan-01", 75, Verdict.Normal, false, false, null),
    ];

    public static async Task Run_DeletesTheRightAudio_KeepsTheRest_AndTouchesNothingElse(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        // A clip received six days later is too young to be decided; other files of the data folder are not retention's.
        await AddClipAsync(database, files, "a-recent", "fan-01", T0.AddDays(6), Verdict.Normal, false, false);
        await files.WriteAsync("models/0123.auscult", new byte[] { 1, 2, 3 }, CancellationToken.None);
        await files.WriteAsync("notes.txt", new byte[] { 4 }, CancellationToken.None);
        var before = FilesUnder(database.DataDirectory);
        long scoresBefore = await CountAsync(database, "SELECT COUNT(*) FROM scores");

        var clock = new FakeTimeProvider(T0.AddDays(7).AddHours(2));
        var report = await Retention(database, files, clock).RunAsync();

        Assert.True(report.Ran);
        Assert.Equal(Script.Length, report.Decided);
        Assert.Equal(Script.Count(s => s.Keep is null), report.Deleted);
        Assert.Equal(3, report.Kept[AudioKeptReason.Sample]);
        Assert.Equal(4 * 320_044L, report.FreedBytes); // a-0810, a-0840, a-0905, a-0915
        var deleted = Script.Where(s => s.Keep is null).Select(s => FileStore.AudioPathOf(s.Id, T0.AddMinutes(s.Minute))).ToHashSet();
        Assert.Equal(before.Where(f => !deleted.Contains(f)).Order(StringComparer.Ordinal), FilesUnder(database.DataDirectory));
        Assert.Equal(scoresBefore, await CountAsync(database, "SELECT COUNT(*) FROM scores"));
        Assert.Equal(Script.Length + 1, await CountAsync(database, "SELECT COUNT(*) FROM clips"));
        foreach (var s in Script)
        {
            var status = await Retention(database, files, clock).StatusAsync(s.Id);
            Assert.Equal(s.Keep is null ? AudioState.Deleted : AudioState.Kept, status!.State);
            Assert.Equal(s.Keep, status.KeptBecause);
            Assert.Equal(s.Keep is null ? clock.GetUtcNow() : null, status.DeletedAt);
        }

        var recent = await Retention(database, files, clock).StatusAsync("a-recent");
        Assert.Equal(new ClipAudio(AudioState.Stored, null, T0.AddDays(13), null), recent);
    }

    public static async Task ASecondRun_FindsNothingToDo(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        var clock = new FakeTimeProvider(T0.AddDays(7).AddHours(2));
        await Retention(database, files, clock).RunAsync();
        var after = FilesUnder(database.DataDirectory);

        clock.Advance(TimeSpan.FromMinutes(15));
        var again = await Retention(database, files, clock).RunAsync();

        Assert.True(again.Ran);
        Assert.Equal(0, again.Decided);
        Assert.Equal(0, again.Deleted);
        Assert.Equal(after, FilesUnder(database.DataDirectory));
    }

    public static async Task TheSample_KeptByAnEarlierRun_IsNotTakenAgain_AndSmallBatchesDecideAlike(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        var clock = new FakeTimeProvider(T0.AddDays(7).AddMinutes(7)); // only a-0805 is old enough
        var first = await Retention(database, files, clock, batchSize: 2).RunAsync();
        clock.SetUtcNow(T0.AddDays(7).AddHours(2));
        var second = await Retention(database, files, clock, batchSize: 2).RunAsync();

        Assert.Equal(1, first.Decided);
        Assert.Equal(1, first.Kept[AudioKeptReason.Sample]);
        Assert.Equal(Script.Length - 1, second.Decided);
        foreach (var s in Script)
        {
            Assert.Equal(s.Keep, (await Retention(database, files, clock).StatusAsync(s.Id))!.KeptBecause);
        }
    }

    public static async Task OneInstanceRunsAtATime_AnotherTakesOverWhenTheLeaseExpires(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        var clock = new FakeTimeProvider(T0.AddDays(7).AddHours(2));
        var a = Retention(database, files, clock, holder: "instance-a");
        var b = Retention(database, files, clock, holder: "instance-b");

        var byA = await a.RunAsync();
        var byB = await b.RunAsync();
        clock.Advance(a.LeaseDuration - TimeSpan.FromSeconds(1));
        var byBStill = await b.RunAsync();
        var byAAgain = await a.RunAsync(); // the holder renews
        clock.Advance(a.LeaseDuration + TimeSpan.FromSeconds(1));
        var byBLater = await b.RunAsync(); // a stopped renewing: b takes over

        Assert.True(byA.Ran);
        Assert.Equal(Script.Length, byA.Decided);
        Assert.False(byB.Ran);
        Assert.False(byBStill.Ran);
        Assert.True(byAAgain.Ran);
        Assert.True(byBLater.Ran);
        Assert.Equal(("instance-b", clock.GetUtcNow() + b.LeaseDuration), (await new LeaseStore(database).FindAsync(AudioRetention.LeaseName))!.Value);
    }

    public static async Task AClipLabelledAfterItWasRead_IsNotDeleted(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        var store = new RetentionStore(database);
        var candidates = await store.CandidatesAsync(T0.AddHours(2), 100);
        Assert.Contains(candidates, c => c.ClipId == "a-0810" && !c.Labelled);

        // Between the read and the write, an operator's decision labels the clip: the guarded delete leaves it undecided.
        await LabelAsync(database, "a-0810", "fan-01");
        var deleted = await store.ApplyAsync([("a-0810", null)], T0.AddDays(8));

        Assert.Empty(deleted);
        Assert.True(files.Exists(FileStore.AudioPathOf("a-0810", T0.AddMinutes(10))));
        var clock = new FakeTimeProvider(T0.AddDays(8));
        await Retention(database, files, clock).RunAsync();
        Assert.Equal(AudioKeptReason.Label, (await Retention(database, files, clock).StatusAsync("a-0810"))!.KeptBecause);
    }

    public static async Task SamplesOlderThanKeepSamplesFor_LoseTheirAudio_UnlessLabelledSince(AuscultDatabase database)
    {
        var files = new FileStore(database.DataDirectory);
        await SeedAsync(database, files);
        var clock = new FakeTimeProvider(T0.AddDays(7).AddHours(2));
        await Retention(database, files, clock).RunAsync();
        // Between the two runs an operator labels fan-02's sample: it stays, as a label.
        await LabelAsync(database, "b-0815", "fan-02");
        var samples = Script.Where(s => s.Keep == AudioKeptReason.Sample).ToList();
        var before = FilesUnder(database.DataDirectory);

        clock.SetUtcNow(T0.AddDays(90)); // not yet: the samples were received after 08:00 of day 0
        var early = await Retention(database, files, clock, batchSize: 1).RunAsync();
        clock.SetUtcNow(T0.AddDays(90).AddHours(2));
        var due = await Retention(database, files, clock, batchSize: 1).RunAsync();
        var again = await Retention(database, files, clock, batchSize: 1).RunAsync();

        Assert.Equal(0, early.ExpiredSamples);
        Assert.Equal(2, due.ExpiredSamples); // a-0805 and a-0910; b-0815 is labelled now
        Assert.Equal(2 * 320_044L, due.FreedBytes);
        Assert.Equal(0, again.ExpiredSamples);
        var gone = new[] { "a-0805", "a-0910" }.Select(id => FileStore.AudioPathOf(id, T0.AddMinutes(samples.Single(s => s.Id == id).Minute))).ToHashSet();
        Assert.Equal(before.Where(f => !gone.Contains(f)).Order(StringComparer.Ordinal), FilesUnder(database.DataDirectory));
        foreach (var s in Script)
        {
            var status = (await Retention(database, files, clock).StatusAsync(s.Id))!;
            var expected = s.Id switch
            {
                "a-0805" or "a-0910" => new ClipAudio(AudioState.Deleted, null, null, clock.GetUtcNow()),
                "b-0815" => new ClipAudio(AudioState.Kept, AudioKeptReason.Label, null, null),
                _ => s.Keep is { } k ? new ClipAudio(AudioState.Kept, k, null, null) : new ClipAudio(AudioState.Deleted, null, null, T0.AddDays(7).AddHours(2)),
            };
            Assert.Equal(expected, status);
        }
    }

    private static AudioRetention Retention(AuscultDatabase database, FileStore files, TimeProvider clock, int batchSize = 500, string holder = "test") =>
        new(database, files, clock, Microsoft.Extensions.Options.Options.Create(new RetentionOptions
        {
            DeleteAudioAfter = Options.DeleteAudioAfter,
            SampleEvery = Options.SampleEvery,
            KeepSamplesFor = TimeSpan.FromDays(90),
            BatchSize = batchSize,
        }), holder);

    private static async Task SeedAsync(AuscultDatabase database, FileStore files)
    {
        foreach (string machine in new[] { "fan-01", "fan-02" })
        {
            await new MachineStore(database).UpsertAsync(machine, new MachineRegistration("fan"), T0);
        }

        foreach (var s in Script)
        {
            await AddClipAsync(database, files, s.Id, s.Machine, T0.AddMinutes(s.Minute), s.Verdict, s.Alert, s.Label);
        }
    }

    private static async Task AddClipAsync(AuscultDatabase database, FileStore files, string id, string machine, DateTimeOffset at, Verdict verdict,
        bool inAlert, bool labelled)
    {
        string path = FileStore.AudioPathOf(id, at);
        await files.WriteAsync(path, new byte[16], CancellationToken.None);
        var clip = new NewClip(id, machine, id, "key_dev", at, at, "PCM 16-bit", 16000, 1, TimeSpan.FromSeconds(10), 320_044, new string('a', 64),
            new ClipHealth(true, 16000, 10, 1, -20.5, -3, 0, 0, 0, 0, []), path);
        await database.InTransactionAsync(async (c, t) =>
        {
            await ClipStore.InsertAsync(c, t, clip);
            await ClipStore.InsertScoreAsync(c, t, new NewScore($"s-{id}", id, machine, null, at, at, null, null, verdict, null, null));
            if (inAlert)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO alerts (id, machine_id, kind, state, severity, opened_at, updated_at, first_clip_id, last_clip_id, clip_count)
                    VALUES (@alert, @machine, 'anomaly', 'open', 'warning', @at, @at, @id, @id, 1);
                    INSERT INTO alert_clips (alert_id, clip_id) VALUES (@alert, @id);
                    """, new { alert = $"alert-{id}", machine, at = at.ToUnixTimeMilliseconds(), id }, t);
            }

            return 0;
        });
        if (labelled)
        {
            await LabelAsync(database, id, machine);
        }
    }

    private static Task<int> LabelAsync(AuscultDatabase database, string clipId, string machine) =>
        database.InTransactionAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO labels (id, clip_id, machine_id, label, kind, source, alert_id, created_by, created_at)
            VALUES (@id, @clipId, @machine, 'normal', NULL, 'manual', NULL, 'key_op', @at)
            """, new { id = $"label-{clipId}", clipId, machine, at = T0.ToUnixTimeMilliseconds() }, t));

    private static Task<long> CountAsync(AuscultDatabase database, string sql) => database.WithConnectionAsync(c => c.ExecuteScalarAsync<long>(sql));

    private static List<string> FilesUnder(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f.StartsWith("audio/", StringComparison.Ordinal) || f.StartsWith("models/", StringComparison.Ordinal) || f == "notes.txt")
            .Order(StringComparer.Ordinal)];
}
