using Auscult.Server.Alerts;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Dapper;

namespace Auscult.Server.Metrics;

/// <summary>
/// Builds the <c>/metrics</c> text: this instance's clip counters and latency histogram, and from the database (shared
/// by every instance, so every instance reports the same values) the alerts that are not closed by state and the
/// machines by state. No label carries a machine id, so the series count stays fixed whatever the fleet's size.
/// </summary>
public sealed class MetricsExposition
{
    /// <summary>The alert states counted (every state but closed).</summary>
    public static readonly IReadOnlyList<string> AlertStates = ["open", "acknowledged", "confirmed", "rejected"];

    private readonly ServiceMetrics _metrics;
    private readonly AuscultDatabase _database;
    private readonly MachineStore _machines;
    private readonly MachineStatus _status;

    public MetricsExposition(ServiceMetrics metrics, AuscultDatabase database, MachineStore machines, MachineStatus status)
    {
        _metrics = metrics;
        _database = database;
        _machines = machines;
        _status = status;
    }

    /// <summary>The exposition text.</summary>
    public async Task<string> WriteAsync(CancellationToken cancellationToken = default)
    {
        var w = new PrometheusWriter();
        w.Family("auscult_clips_received_total", "counter", "Clip requests received by this instance (HTTP POST .../clips).")
            .Sample("auscult_clips_received_total", _metrics.Received);

        w.Family("auscult_clips_scored_total", "counter", "Clips answered with a verdict by this instance (a repeated clip id is answered again), by verdict.");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            w.Sample("auscult_clips_scored_total", _metrics.Scored(verdict), ("verdict", WireNames.Of(verdict)));
        }

        w.Family("auscult_clips_refused_total", "counter", "Clip requests refused by this instance, by reason.");
        foreach (var reason in Enum.GetValues<ClipRefusal>())
        {
            w.Sample("auscult_clips_refused_total", _metrics.Refused(reason), ("reason", WireNames.Of(reason)));
        }

        var (cumulative, count, sum) = _metrics.Latency();
        w.Family("auscult_clip_scoring_seconds", "histogram", "Time to read, decode, score and store a clip (the handler's time), in seconds.");
        for (int i = 0; i < ServiceMetrics.LatencyBucketsSeconds.Count; i++)
        {
            w.Sample("auscult_clip_scoring_seconds_bucket", cumulative[i], ("le", PrometheusWriter.Format(ServiceMetrics.LatencyBucketsSeconds[i])));
        }

        w.Sample("auscult_clip_scoring_seconds_bucket", cumulative[^1], ("le", "+Inf"))
            .Sample("auscult_clip_scoring_seconds_sum", sum)
            .Sample("auscult_clip_scoring_seconds_count", count);

        var alerts = (await _database.WithConnectionAsync(c => c.QueryAsync<(string State, long Count)>(
                "SELECT state, COUNT(*) FROM alerts WHERE closed_at IS NULL GROUP BY state"), cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
        w.Family("auscult_alerts", "gauge", "Alerts that are not closed, by state (all instances).");
        foreach (string state in AlertStates.Union(alerts.Keys.Order(StringComparer.Ordinal)))
        {
            w.Sample("auscult_alerts", alerts.GetValueOrDefault(state), ("state", state));
        }

        var machineStates = Enum.GetValues<MachineState>().ToDictionary(s => s, _ => 0);
        foreach (var machine in await _machines.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            machineStates[(await _status.ViewAsync(machine, cancellationToken).ConfigureAwait(false)).State]++;
        }

        w.Family("auscult_machines", "gauge", "Machines by state (all instances).");
        foreach (var (state, machines) in machineStates)
        {
            w.Sample("auscult_machines", machines, ("state", WireNames.Of(state)));
        }

        return w.ToString();
    }
}
