namespace Auscult.Server.Alerting;

/// <summary>An alert's state: open -> acknowledged -> confirmed or rejected -> closed (OPERATIONS.md).</summary>
public enum AlertState
{
    /// <summary>Raised, nobody has looked yet.</summary>
    Open,

    /// <summary>Someone has seen it; it does not notify again until it clears.</summary>
    Acknowledged,

    /// <summary>An operator confirmed a real fault (with its kind): its clips become anomalous labels.</summary>
    Confirmed,

    /// <summary>An operator called it a false alarm: its clips become normal labels.</summary>
    Rejected,

    /// <summary>Over: cleared by normal clips or closed by hand.</summary>
    Closed,
}
