using Auscult.Server.Alerts;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.Alerts;

/// <summary>
/// Drives an <see cref="AlertEngine"/> through a scripted verdict sequence, one clip every 5 minutes on a fake clock:
/// <c>N</c> normal (score 4), <c>A</c> anomalous (6), <c>H</c> far above the threshold (9), <c>U</c> input-unfit,
/// <c>X</c> no model; the model's threshold is 5. The state goes through JSON between steps, as the service stores it.
/// </summary>
internal sealed class AlertScript
{
    public const double Threshold = 5;
    public const string Machine = "fan-01";

    private int _clip;

    public AlertScript(AlertPolicy? policy = null)
    {
        Engine = new AlertEngine(policy ?? AlertPolicy.Default, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public AlertEngine Engine { get; }

    public MachineAlertState State { get; private set; } = MachineAlertState.Create(Machine);

    public List<AlertOutcome> Outcomes { get; } = [];

    public string ModelId { get; set; } = "model-a";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public List<AlertChange> Changes => [.. Outcomes.SelectMany(o => o.Changes)];

    public List<AlertChange> Notifications => [.. Outcomes.SelectMany(o => o.Notifications)];

    /// <summary>The types of the changes of each step, e.g. <c>"..o.u"</c>: <c>.</c> none, else initials (several joined).</summary>
    public string Trace => string.Concat(Outcomes.Select(o => o.Changes.Count == 0 ? "." : string.Concat(o.Changes.Select(c => Initial(c.Type)))));

    public Alert? OpenMachineAlert => State.MachineAlert;

    public string LastClipId => $"clip-{_clip:D4}";

    public AlertOutcome Run(string script)
    {
        AlertOutcome? last = null;
        foreach (char c in script)
        {
            last = c switch
            {
                'N' => Scored(4),
                'A' => Scored(6),
                'H' => Scored(9),
                'U' => Observe(new ClipObservation(NextClipId(), Verdict.InputUnfit, UnfitReason: "clipping: 12 % of samples at full scale")),
                'X' => Observe(new ClipObservation(NextClipId(), Verdict.NoModel)),
                _ => throw new ArgumentException($"Unknown script letter {c}."),
            };
        }

        return last ?? throw new ArgumentException("An empty script.");
    }

    public AlertOutcome Scored(double score, string? kind = null, double threshold = Threshold) =>
        Observe(new ClipObservation(NextClipId(), score > threshold ? Verdict.Anomalous : Verdict.Normal, score, threshold, ModelId, kind));

    public AlertOutcome Observe(ClipObservation clip)
    {
        Clock.Advance(Interval);
        return Record(Engine.Observe(State, clip));
    }

    public AlertOutcome Apply(Func<AlertEngine, MachineAlertState, AlertOutcome> action) => Record(action(Engine, State));

    public string NextClipId() => $"clip-{++_clip:D4}";

    private AlertOutcome Record(AlertOutcome outcome)
    {
        Outcomes.Add(outcome);
        State = AlertJson.DeserializeState(AlertJson.Serialize(outcome.State));
        return outcome;
    }

    private static char Initial(AlertChangeType type) => type switch
    {
        AlertChangeType.Opened => 'o',
        AlertChangeType.Escalated => 'e',
        AlertChangeType.Updated => 'u',
        AlertChangeType.Cleared => 'c',
        AlertChangeType.Acknowledged => 'k',
        AlertChangeType.Confirmed => 'f',
        AlertChangeType.Rejected => 'r',
        _ => '?',
    };
}
