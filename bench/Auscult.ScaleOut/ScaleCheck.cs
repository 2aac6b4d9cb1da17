using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Auscult.Server;
using Auscult.Server.Alerts;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.ScaleOut;

/// <summary>
/// What the database holds after a scale-out run with faults, checked against what the senders say they sent:
/// <list type="bullet">
/// <item>every clip stored has exactly one score, and each machine's scores are numbered 1..n in the order the alert rules
/// judged them (<c>scores.machine_seq</c>), with no gap and no number twice;</item>
/// <item>each machine's stored alert state (and its open alert rows) equals what one alert engine alone makes of its
/// stored scores replayed in that order;</item>
/// <item>loadgen's own check (its JSON: every clip id it published stored once with one score, none lost);</item>
/// <item>the agent's clips: those it counted acknowledged are stored, none twice, and what it captured is acknowledged,
/// dropped from its spool (a full disk), refused or still waiting.</item>
/// </list>
/// </summary>
internal static partial class ScaleCheck
{
    private const int Samples = 5;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = Options.Parse(args);
        var failures = new List<string>();
        var summary = new JsonObject
        {
            ["instances"] = options.Instances,
            ["events"] = new JsonArray([.. ReadEvents(options.Events).Select(e => (JsonNode)JsonValue.Create(e))]),
        };

        string scratch = Directory.CreateTempSubdirectory("auscult-scale-check-").FullName;
        try
        {
            await using var database = AuscultDatabase.Open(scratch, options.Database);
            var rows = await database.WithConnectionAsync(async c => (await c.QueryAsync<ScoreRow>(
                """
                SELECT c.machine_id AS MachineId, c.id AS ClipId, c.client_clip_id AS ClientClipId, s.id AS ScoreId, s.machine_seq AS MachineSeq,
                       s.verdict AS Verdict, s.score AS Score, s.threshold AS Threshold, s.model_id AS ModelId, s.kind AS Kind,
                       s.unfit_reason AS UnfitReason, s.instance_id AS InstanceId
                FROM clips c LEFT JOIN scores s ON s.clip_id = c.id
                """).ConfigureAwait(false)).ToList()).ConfigureAwait(false);
            summary["database"] = CheckScores(rows, failures);
            // The sustained scoring rate over the whole run: scores stored per second from the first to the last.
            var span = await database.WithConnectionAsync(c => c.QuerySingleAsync<(long? First, long? Last, long Count)>(
                "SELECT MIN(scored_at), MAX(scored_at), COUNT(*) FROM scores")).ConfigureAwait(false);
            summary["scoredPerSecond"] = span.Last > span.First
                ? Math.Round(span.Count / ((span.Last!.Value - span.First!.Value) / 1000.0), 1) : null;
            summary["scoredBy"] = new JsonArray([.. rows.Where(r => r.ScoreId is not null).GroupBy(r => r.InstanceId ?? "unknown", StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject { ["instance"] = g.Key, ["scores"] = g.Count() })]);
            summary["alerts"] = await CheckAlertsAsync(database, rows, failures).ConfigureAwait(false);
            if (options.Loadgen is not null)
            {
                summary["loadgen"] = CheckLoadgen(options.Loadgen, failures);
            }

            if (options.AgentLog is not null)
            {
                summary["agent"] = CheckAgent(options.AgentLog, options.AgentMachines ?? "", rows, failures);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        summary["failures"] = new JsonArray([.. failures.Select(f => (JsonNode)JsonValue.Create(f))]);
        var result = new JsonObject { ["passed"] = failures.Count == 0 };
        foreach (var (key, value) in summary)
        {
            result[key] = value?.DeepClone();
        }

        output.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>One score per clip; each machine's judgement order 1..n.</summary>
    private static JsonObject CheckScores(List<ScoreRow> rows, List<string> failures)
    {
        var byClip = rows.GroupBy(r => r.ClipId, StringComparer.Ordinal).ToList();
        var unscored = byClip.Where(g => g.All(r => r.ScoreId is null)).Select(g => g.Key).ToList();
        var scoredTwice = byClip.Where(g => g.Count(r => r.ScoreId is not null) > 1).Select(g => g.Key).ToList();
        var twiceBySender = rows.GroupBy(r => (r.MachineId, r.ClientClipId)).Where(g => g.Select(r => r.ClipId).Distinct().Count() > 1).ToList();
        Report(failures, unscored, "clips stored without a score");
        Report(failures, scoredTwice, "clips scored more than once");
        Report(failures, [.. twiceBySender.Select(g => $"{g.Key.MachineId}/{g.Key.ClientClipId}")], "sender clip ids stored twice");

        var seqProblems = new List<string>();
        foreach (var machine in rows.Where(r => r.ScoreId is not null).GroupBy(r => r.MachineId, StringComparer.Ordinal))
        {
            var seqs = machine.Select(r => r.MachineSeq ?? 0).Order().ToList();
            if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(i => (long)i)))
            {
                seqProblems.Add($"{machine.Key}: {seqs.Count} scores numbered {string.Join(',', seqs.Take(8))}{(seqs.Count > 8 ? ",..." : "")}");
            }
        }

        Report(failures, seqProblems, "machines whose judgement order is not 1..n");
        return new JsonObject
        {
            ["machines"] = rows.Select(r => r.MachineId).Distinct().Count(),
            ["clips"] = byClip.Count,
            ["scores"] = rows.Count(r => r.ScoreId is not null),
            ["clipsWithoutScore"] = unscored.Count,
            ["clipsScoredTwice"] = scoredTwice.Count,
            ["senderIdsStoredTwice"] = twiceBySender.Count,
            ["machinesOutOfOrder"] = seqProblems.Count,
            ["verdicts"] = new JsonObject([.. rows.Where(r => r.Verdict is not null).GroupBy(r => r.Verdict!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]),
        };
    }

    /// <summary>Each machine's stored engine state and open alerts against one engine replaying its scores in judgement order.</summary>
    private static async Task<JsonObject> CheckAlertsAsync(AuscultDatabase database, List<ScoreRow> rows, List<string> failures)
    {
        var states = await database.WithConnectionAsync(async c => (await c.QueryAsync<(string MachineId, string State)>(
            "SELECT machine_id, state FROM machine_alert_states").ConfigureAwait(false)).ToDictionary(s => s.MachineId, s => s.State)).ConfigureAwait(false);
        var openRows = await database.WithConnectionAsync(async c => (await c.QueryAsync<AlertRow>(
            "SELECT machine_id AS MachineId, kind AS Kind, severity AS Severity, state AS State, clip_count AS ClipCount, last_clip_id AS LastClipId FROM alerts WHERE closed_at IS NULL")
            .ConfigureAwait(false)).ToList()).ConfigureAwait(false);

        var engine = new AlertEngine(AlertPolicy.Default, TimeProvider.System);
        var mismatches = new List<string>();
        int machines = 0, openAlerts = 0;
        foreach (var machine in rows.Where(r => r.ScoreId is not null).GroupBy(r => r.MachineId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            machines++;
            var replay = MachineAlertState.Create(machine.Key);
            foreach (var score in machine.OrderBy(r => r.MachineSeq))
            {
                var verdict = WireNames.Parse<Verdict>(score.Verdict!);
                replay = engine.Observe(replay, new ClipObservation(score.ClipId, verdict, score.Score, score.Threshold, score.ModelId, score.Kind,
                    verdict == Verdict.InputUnfit ? score.UnfitReason ?? "the clip is unfit for scoring" : null)).State;
            }

            openAlerts += replay.OpenAlerts.Count;
            string expected = Essence(replay);
            string stored = states.TryGetValue(machine.Key, out string? json) ? Essence(AlertJson.DeserializeState(json)) : "(no stored state)";
            if (expected != stored)
            {
                mismatches.Add($"{machine.Key}: stored {stored}; replayed {expected}");
            }

            string expectedRows = string.Join("; ", replay.OpenAlerts.OrderBy(a => a.Kind, StringComparer.Ordinal)
                .Select(a => $"{a.Kind} {WireNames.Of(a.Severity)} {WireNames.Of(a.State)} x{a.ClipCount} last {a.LastClipId}"));
            string storedRows = string.Join("; ", openRows.Where(a => a.MachineId == machine.Key).OrderBy(a => a.Kind, StringComparer.Ordinal)
                .Select(a => $"{a.Kind} {a.Severity} {a.State} x{a.ClipCount} last {a.LastClipId}"));
            if (expectedRows != storedRows)
            {
                mismatches.Add($"{machine.Key}: open alert rows [{storedRows}]; replayed [{expectedRows}]");
            }
        }

        Report(failures, mismatches, "machines whose alert state differs from one engine's replay");
        long alertsEver = await database.WithConnectionAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alerts")).ConfigureAwait(false);
        return new JsonObject
        {
            ["alertsOpenedDuringTheRun"] = alertsEver,
            ["machinesReplayed"] = machines,
            ["openAlertsReplayed"] = openAlerts,
            ["mismatches"] = mismatches.Count,
            ["firstMismatches"] = new JsonArray([.. mismatches.Take(Samples).Select(m => (JsonNode)JsonValue.Create(m))]),
        };
    }

    /// <summary>What two engines that saw the same clips in the same order agree on (not the clock's times nor fresh alert ids).</summary>
    private static string Essence(MachineAlertState s) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{WireNames.Of(s.State)} normals {s.ConsecutiveNormals} fit {s.ConsecutiveFit} model {s.ModelId?[..Math.Min(12, s.ModelId.Length)]} " +
            $"recent [{string.Join(',', s.Recent.Select(r => $"{r.ClipId[^6..]}{(r.Anomalous ? "!" : "")}"))}] " +
            $"inputs {s.RecentInputs.Count} alerts [{string.Join(',', s.OpenAlerts.OrderBy(a => a.Kind, StringComparer.Ordinal).Select(a => $"{a.Kind}:{WireNames.Of(a.Severity)}:{WireNames.Of(a.State)}:{a.ClipCount}:{a.FirstClipId?[^6..]}-{a.LastClipId?[^6..]}"))}]");

    /// <summary>loadgen's JSON as it printed it; its check must show nothing lost, duplicated or refused.</summary>
    private static JsonNode CheckLoadgen(string path, List<string> failures)
    {
        JsonNode? report;
        try
        {
            report = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            failures.Add($"loadgen's output {path} cannot be read: {e.Message}");
            return new JsonObject();
        }

        if (report is not JsonObject run)
        {
            failures.Add($"loadgen's output {path} is not a JSON object.");
            return new JsonObject();
        }

        int Field(string name) => run[name] is JsonValue v && v.TryGetValue(out int n) ? n : -1;
        if (Field("lost") != 0 || Field("duplicated") != 0 || Field("errors") != 0 || Field("stored") != Field("sent"))
        {
            failures.Add($"loadgen: sent {Field("sent")}, stored {Field("stored")}, lost {Field("lost")}, duplicated {Field("duplicated")}, errors {Field("errors")}.");
        }

        return run;
    }

    /// <summary>The agent's closing line against the rows stored for its machines.</summary>
    private static JsonObject CheckAgent(string log, string machinePrefix, List<ScoreRow> rows, List<string> failures)
    {
        string text = File.Exists(log) ? File.ReadAllText(log) : "";
        var done = Done().Matches(text).LastOrDefault();
        var mine = rows.Where(r => r.MachineId.StartsWith(machinePrefix, StringComparison.Ordinal)).ToList();
        int stored = mine.Select(r => r.ClipId).Distinct().Count();
        int full = DiskFull().Matches(text).Count;
        var result = new JsonObject { ["stored"] = stored, ["diskFullMessages"] = full };
        if (done is null)
        {
            failures.Add($"agent: its log {log} has no closing 'done:' line (it did not finish).");
            return result;
        }

        long Group(int i) => long.Parse(done.Groups[i].Value, CultureInfo.InvariantCulture);
        long captured = Group(1), acknowledged = Group(2), dropped = Group(3), rejected = Group(4), left = Group(5);
        result["captured"] = captured;
        result["acknowledged"] = acknowledged;
        result["dropped"] = dropped;
        result["rejected"] = rejected;
        result["leftInSpool"] = left;
        // Acknowledged clips are stored (a clip dropped while its publish was under way may be stored too, unacknowledged).
        if (stored < acknowledged || stored > acknowledged + dropped)
        {
            failures.Add($"agent: {acknowledged} clips acknowledged and {dropped} dropped, but {stored} stored for machines {machinePrefix}*.");
        }

        if (captured != acknowledged + dropped + rejected + left)
        {
            failures.Add($"agent: {captured} captured but {acknowledged} acknowledged + {dropped} dropped + {rejected} rejected + {left} left.");
        }

        return result;
    }

    private static IEnumerable<string> ReadEvents(string? path) =>
        path is not null && File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0) : [];

    private static void Report(List<string> failures, IReadOnlyCollection<string> items, string what)
    {
        if (items.Count > 0)
        {
            failures.Add($"{items.Count} {what}: {string.Join(" | ", items.Take(Samples))}{(items.Count > Samples ? " ..." : "")}");
        }
    }

    [GeneratedRegex(@"done: (\d+) captured, (\d+) acknowledged, (\d+) dropped, (\d+) rejected, (\d+) left in the spool")]
    private static partial Regex Done();

    [GeneratedRegex("No space left on device|spool full")]
    private static partial Regex DiskFull();

    private sealed class ScoreRow
    {
        public string MachineId { get; set; } = "";
        public string ClipId { get; set; } = "";
        public string ClientClipId { get; set; } = "";
        public string? ScoreId { get; set; }
        public long? MachineSeq { get; set; }
        public string? Verdict { get; set; }
        public double? Score { get; set; }
        public double? Threshold { get; set; }
        public string? ModelId { get; set; }
        public string? Kind { get; set; }
        public string? UnfitReason { get; set; }
        public string? InstanceId { get; set; }
    }

    private sealed class AlertRow
    {
        public string MachineId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Severity { get; set; } = "";
        public string State { get; set; } = "";
        public long ClipCount { get; set; }
        public string? LastClipId { get; set; }
    }

    private sealed record Options(string Database, string? Loadgen, string? AgentLog, string? AgentMachines, string? Events, int Instances)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            return new Options(
                values.GetValueOrDefault("--database") ?? throw new ArgumentException("--database CONNECTION (PostgreSQL) is required."),
                values.GetValueOrDefault("--loadgen"), values.GetValueOrDefault("--agent-log"), values.GetValueOrDefault("--agent-machines"),
                values.GetValueOrDefault("--events"), int.Parse(values.GetValueOrDefault("--instances") ?? "0", CultureInfo.InvariantCulture));
        }
    }
}
