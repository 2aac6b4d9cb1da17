using Auscult.Data;
using Auscult.Data.Synthesis;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;

namespace Auscult.Server.Dashboard;

/// <summary>
/// The dashboard's one door to the data: reads through the stores and services the API uses and turns their records
/// into the pages' views; carries out an operator's decision. No page reads the database itself.
/// </summary>
public sealed class DashboardData
{
    /// <summary>Scores in a tile's trend.</summary>
    public const int TrendLength = 24;

    private readonly AuscultDatabase _database;
    private readonly FileStore _files;
    private readonly MachineStatus _status;
    private readonly MachineEvents _events;
    private readonly TimeProvider _timeProvider;
    private readonly ModelRegistry _registry;
    private readonly MachineAlertService _alerts;

    public DashboardData(AuscultDatabase database, FileStore files, MachineStatus status, MachineEvents events, ModelRegistry registry,
        MachineAlertService alerts, TimeProvider timeProvider)
    {
        _alerts = alerts;
        _registry = registry;
        _database = database;
        _files = files;
        _status = status;
        _events = events;
        _timeProvider = timeProvider;
    }

    /// <summary>The time now (the service's clock).</summary>
    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    /// <summary>Every machine's tile, ordered by site, then id.</summary>
    public async Task<IReadOnlyList<MachineTile>> TilesAsync(CancellationToken cancellationToken = default)
    {
        var machines = await new MachineStore(_database).ListAsync(cancellationToken: cancellationToken);
        var tiles = new List<MachineTile>(machines.Count);
        foreach (var machine in machines.OrderBy(m => m.Site ?? "", StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            tiles.Add(await TileOfAsync(machine, cancellationToken));
        }

        return tiles;
    }

    /// <summary>One machine's tile, or null when there is no such machine.</summary>
    public async Task<MachineTile?> TileAsync(string machineId, CancellationToken cancellationToken = default) =>
        await new MachineStore(_database).GetAsync(machineId, cancellationToken) is { } machine ? await TileOfAsync(machine, cancellationToken) : null;

    /// <summary>Alerts waiting for a decision (open, then acknowledged), oldest first: the triage queue.</summary>
    public async Task<IReadOnlyList<AlertSummary>> QueueAsync(CancellationToken cancellationToken = default)
    {
        var alerts = new AlertStore(_database);
        var open = await alerts.ListAsync(AlertState.Open, cancellationToken: cancellationToken);
        var acknowledged = await alerts.ListAsync(AlertState.Acknowledged, cancellationToken: cancellationToken);
        return [.. open.Concat(acknowledged).Select(Summary).OrderBy(a => a.OpenedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>The newest alerts in any state.</summary>
    public async Task<IReadOnlyList<AlertSummary>> RecentAlertsAsync(int count, CancellationToken cancellationToken = default) =>
        [.. (await new AlertStore(_database).ListAsync(limit: count, cancellationToken: cancellationToken)).Select(Summary)];

    /// <summary>What the triage page shows for an alert, or null when there is no such alert.</summary>
    public async Task<TriageView?> TriageAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var record = await new AlertStore(_database).GetAsync(alertId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var alert = Summary(record);
        var machine = await new MachineStore(_database).GetAsync(alert.MachineId, cancellationToken);
        string machineType = machine?.MachineType ?? "";
        var clip = alert.LastClipId is null ? null : await ClipAsync(alert.LastClipId, cancellationToken);
        var reference = await ReferenceClipAsync(alert.MachineId, cancellationToken);
        string? likely = clip?.Kind ?? (alert.Kind is "anomaly" or MachineStates.InputAlertKind or MachineStates.DriftAlertKind ? null : alert.Kind);
        var queue = await QueueAsync(cancellationToken);
        int index = queue.ToList().FindIndex(a => a.Id == alert.Id);
        string? previous = index > 0 ? queue[index - 1].Id : null;
        string? next = index >= 0 && index + 1 < queue.Count ? queue[index + 1].Id : index < 0 && queue.Count > 0 ? queue[0].Id : null;
        return new TriageView(alert, machineType, machine?.Name ?? alert.MachineId, clip, reference, likely, await KindsAsync(machineType, cancellationToken),
            previous, next, index + 1, queue.Count);
    }

    /// <summary>
    /// Confirms an alert as a real fault of <paramref name="kind"/> (its clips become anomalous labels) or rejects it as
    /// a false alarm (its clips become normal labels), with the user as the actor; returns the next alert in the queue.
    /// </summary>
    /// <exception cref="ProblemException">404 for an unknown alert, 409 for one already decided, 400 for a bad kind.</exception>
    public async Task<string?> DecideAsync(string alertId, bool confirm, string? kind, string? note, string actor, CancellationToken cancellationToken = default)
    {
        var before = await QueueAsync(cancellationToken);
        int index = before.ToList().FindIndex(a => a.Id == alertId);
        string? checkedKind = confirm && !string.IsNullOrWhiteSpace(kind) ? MachineIds.Require(kind.Trim(), "The fault kind") : null;
        string? trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var changed = await _alerts.DecideAsync(alertId, confirm ? AlertState.Confirmed : AlertState.Rejected, actor, checkedKind, trimmedNote,
            cancellationToken);
        _events.Publish(new MachineChange(changed.MachineId, null));
        var after = before.Where(a => a.Id != alertId).ToList();
        return after.Count == 0 ? null : after[Math.Clamp(index, 0, after.Count - 1)].Id;
    }

    /// <summary>A clip as a page plays it, or null.</summary>
    public async Task<ClipView?> ClipAsync(string clipId, CancellationToken cancellationToken = default)
    {
        var clip = await new ClipStore(_database).GetAsync(clipId, cancellationToken);
        if (clip is null)
        {
            return null;
        }

        var score = clip.Scores.Count == 0 ? null : clip.Scores[^1];
        return new ClipView(clip.Id, clip.RecordedAt ?? clip.ReceivedAt, score?.Score, score?.Threshold, WireNames.Of(score?.Verdict ?? Verdict.NoModel),
            score?.Kind, clip.HasAudio && await AudioExistsAsync(clip.Id, cancellationToken));
    }

    /// <summary>
    /// A normal clip of the machine whose audio is kept: the newest labelled normal (an operator said so), else the
    /// newest the model judged normal; null when there is none.
    /// </summary>
    public async Task<ClipView?> ReferenceClipAsync(string machineId, CancellationToken cancellationToken = default)
    {
        var labelled = await new LabelStore(_database).ListAsync(machineId, LabelStore.Normal, 20, cancellationToken);
        foreach (var label in labelled)
        {
            if (await ClipAsync(label.ClipId, cancellationToken) is { HasAudio: true } clip)
            {
                return clip;
            }
        }

        var recent = await new ClipStore(_database).RecentAsync(machineId, 200, cancellationToken);
        foreach (var score in recent.Where(s => s.Verdict == Verdict.Normal).Take(20))
        {
            if (await AudioExistsAsync(score.ClipId, cancellationToken))
            {
                return new ClipView(score.ClipId, score.At, score.Score, score.Threshold, WireNames.Of(score.Verdict), score.Kind, true);
            }
        }

        return null;
    }

    /// <summary>
    /// The kinds an operator can confirm for a machine type: its known faults (the MIMII kinds for fan, pump, slider,
    /// valve) and every kind confirmed before on machines of the type, sorted.
    /// </summary>
    public async Task<IReadOnlyList<string>> KindsAsync(string machineType, CancellationToken cancellationToken = default)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        if (Enum.TryParse<MachineType>(machineType, ignoreCase: true, out var known) && Enum.IsDefined(known))
        {
            kinds.UnionWith(AnomalyKinds.For(known).Select(k => k.ToManifestName()));
        }

        var machines = (await new MachineStore(_database).ListAsync(machineType: machineType, cancellationToken: cancellationToken)).Select(m => m.Id).ToHashSet();
        foreach (var label in await new LabelStore(_database).ListAsync(label: LabelStore.Anomalous, cancellationToken: cancellationToken))
        {
            if (label.Kind is { } kind && machines.Contains(label.MachineId))
            {
                kinds.Add(kind);
            }
        }

        return [.. kinds];
    }

    /// <summary>The machine page's data over the last <paramref name="period"/>, or null when there is no such machine.</summary>
    public async Task<MachineDetails?> MachineAsync(string machineId, TimeSpan period, CancellationToken cancellationToken = default)
    {
        var machine = await new MachineStore(_database).GetAsync(machineId, cancellationToken);
        if (machine is null)
        {
            return null;
        }

        var tile = await TileOfAsync(machine, cancellationToken);
        var to = Now;
        var from = to - period;
        var clips = new ClipStore(_database);
        var timeline = (await clips.ScoresAsync(machineId, from, to.AddMilliseconds(1), 5_000, cancellationToken))
            .Select(s => new TrendPoint(s.At, s.Score, s.Threshold, s.Verdict)).ToList();
        var alerts = (await new AlertStore(_database).ListAsync(machineId: machineId, limit: 200, cancellationToken: cancellationToken))
            .Select(Summary).Where(a => (a.ClosedAt ?? to) >= from).ToList();
        var labels = await new LabelStore(_database).ListAsync(machineId, limit: 500, cancellationToken: cancellationToken);
        var recent = new List<ClipView>();
        foreach (var score in await clips.RecentAsync(machineId, 12, cancellationToken))
        {
            recent.Add(new ClipView(score.ClipId, score.At, score.Score, score.Threshold, WireNames.Of(score.Verdict), score.Kind,
                await AudioExistsAsync(score.ClipId, cancellationToken)));
        }

        var model = await new ModelStore(_database).ActiveForAsync(machine.Id, machine.MachineType, cancellationToken);
        return new MachineDetails(tile, timeline, from, to, alerts, labels, recent, model?.Id);
    }

    /// <summary>Labelled clips counted per machine type and kind, and the model advice per machine type.</summary>
    public async Task<(IReadOnlyList<LabelCount> Counts, IReadOnlyList<ModelAdvice> Advice)> LabelsAsync(CancellationToken cancellationToken = default)
    {
        var types = (await new MachineStore(_database).ListAsync(cancellationToken: cancellationToken)).ToDictionary(m => m.Id, m => m.MachineType);
        var labels = await new LabelStore(_database).ListAsync(limit: 1_000_000, cancellationToken: cancellationToken);
        var counts = labels
            .GroupBy(l => (Type: types.GetValueOrDefault(l.MachineId, "?"), Kind: l.Label == LabelStore.Normal ? LabelStore.Normal : l.Kind ?? "anomaly"))
            .Select(g => new LabelCount(g.Key.Type, g.Key.Kind, g.Count(l => l.Source == "alert-confirmed"), g.Count(l => l.Source == "alert-rejected"),
                g.Count(l => l.Source is not ("alert-confirmed" or "alert-rejected"))))
            .OrderBy(c => c.MachineType, StringComparer.Ordinal).ThenBy(c => c.Kind == LabelStore.Normal ? 0 : 1).ThenBy(c => c.Kind, StringComparer.Ordinal)
            .ToList();
        // The classifier trains on 80% of each label (its supervised split keeps 20% for testing), as ModelAdvisor.For counts.
        var advice = types.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(type =>
        {
            int anomalies = labels.Count(l => l.Label == LabelStore.Anomalous && types.GetValueOrDefault(l.MachineId) == type);
            return ModelAdvisor.Advise(type, anomalies, anomalies - (int)Math.Ceiling(anomalies * 0.2));
        }).ToList();
        return (counts, advice);
    }

    /// <summary>Every model, newest first, with every activation, newest first.</summary>
    public async Task<ModelList> ModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new ModelStore(_database);
        return new ModelList([.. (await models.ListAsync(cancellationToken)).OrderByDescending(m => m.UploadedAt)],
            [.. (await models.ActivationsAsync(cancellationToken)).OrderByDescending(a => a.ActivatedAt)]);
    }

    /// <summary>Activates a model for a machine type (an admin's decision; the registry checks the model).</summary>
    /// <exception cref="ProblemException">404 for an unknown model, 400/422 for a request the registry refuses.</exception>
    public Task<ModelActivation> ActivateAsync(string modelId, string machineType, string actor, CancellationToken cancellationToken = default) =>
        _registry.ActivateAsync(modelId, new ActivationRequest(machineType, null), actor, cancellationToken);

    private async Task<MachineTile> TileOfAsync(Machine machine, CancellationToken cancellationToken)
    {
        var view = await _status.ViewAsync(machine, cancellationToken);
        var recent = await new ClipStore(_database).RecentAsync(machine.Id, TrendLength, cancellationToken);
        var trend = recent.Reverse().Select(s => new TrendPoint(s.At, s.Score, s.Threshold, s.Verdict)).ToList();
        return new MachineTile(machine.Id, machine.Name, machine.MachineType, machine.Site, view.State, trend,
            [.. view.OpenAlerts.Select(Summary).OrderByDescending(a => a.OpenedAt)]);
    }

    private async Task<bool> AudioExistsAsync(string clipId, CancellationToken cancellationToken) =>
        await new ClipStore(_database).AudioOfAsync(clipId, cancellationToken) is { AudioPath: { } path } && _files.Exists(path);

    internal static AlertSummary Summary(AlertRecord a) => new(a.Id, a.MachineId, a.Kind, WireNames.Of(a.Severity), WireNames.Of(a.State), a.OpenedAt,
        a.UpdatedAt, a.ClosedAt, a.LastClipId, a.ClipCount, a.PeakScore, a.ConfirmedKind, a.Note);
}
