namespace Auscult.Server.Dashboard;

/// <summary>
/// The in-process signal from the clip path (and alert decisions) to the dashboard's live circuits: raised after a
/// clip's transaction commits, so a listener that re-reads the database sees the clip. One instance per process; in a
/// scale-out each instance's dashboard hears its own clips (and refreshes the rest on its timer).
/// </summary>
public sealed class MachineEvents
{
    private readonly ILogger<MachineEvents> _logger;

    public MachineEvents(ILogger<MachineEvents> logger) => _logger = logger;

    /// <summary>Raised on the publishing thread; listeners must return quickly (hand the work to their own dispatcher).</summary>
    public event Action<MachineChange>? Changed;

    /// <summary>Tells every listener; a listener that throws is logged and does not stop the others or the caller.</summary>
    public void Publish(MachineChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var listener in Changed?.GetInvocationList().Cast<Action<MachineChange>>() ?? [])
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
