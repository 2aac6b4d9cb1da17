namespace Auscult.Server.Alerts;

/// <summary>
/// An operator action that the alert's state does not allow (e.g. confirming a closed alert, acknowledging twice):
/// the HTTP API answers 409 Conflict with this message.
/// </summary>
public sealed class AlertTransitionException : AuscultException
{
    /// <summary>An error with a complete message: the alert, its state, and what is allowed.</summary>
    public AlertTransitionException(string message) : base(message) { }
}
