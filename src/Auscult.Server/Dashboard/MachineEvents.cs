namespace Auscult.Server.Dashboard;

/// <summary>
/// The signal from the clip path (and alert decisions) to the dashboard's live circuits: raised after a clip's
/// transaction commits, so a listener that re-reads the database sees the clip. One instance per process. In a
/// scale-out on PostgreSQL, <see cref="MachineChangeRelay"/> carries each change this process publishes to the other
/// instances (<see cref="Local"/>) and delivers theirs here (<see cref="Deliver"/>), so every dashboard hears every clip.
/// </summary>
public sealed class MachineEvents
{
    private readonly ILogger<MachineEvents> _logger;

    public MachineEvents(ILogger<MachineEvents> logger) => _logger = logger;

    /// <summary>Raised on the publishing thread; listeners must return quickly (hand the work to their own dispatcher).</summary>
    public event Action<MachineChange>? Changed;

    /// <summary>Raised with each change published in this process (not those delivered from other instances), for the relay.</summary>
    public event Action<MachineChange>? Local;

    /// <summary>
    /// A change made in this process: tells every listener, then the relay. A listener that throws is logged and does
    /// not stop the others or the caller.
    /// </summary>
    public void Publish(MachineChange change)
    {
        Deliver(change);
        Notify(Local, change);
    }

    /// <summary>A change another instance made: tells this process's listeners only.</summary>
    public void Deliver(MachineChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Notify(Changed, change);
    }

    private void Notify(Action<MachineChange>? listeners, MachineChange change)
    {
        foreach (var listener in listeners?.GetInvocationList().Cast<Action<MachineChange>>() ?? [])
        {
            try
            {
                listener(change);
            }
#pragma warning disable CA1031 // a listener's failure must not fail the clip that was already committed
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "A dashboard listener failed on a change of {MachineId}", change.MachineId);
            }
        }
    }
}
