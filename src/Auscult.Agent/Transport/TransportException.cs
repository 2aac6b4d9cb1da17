namespace Auscult.Agent.Transport;

/// <summary>A transport could not connect; the agent backs off and tries again.</summary>
public sealed class TransportException : Exception
{
    public TransportException(string message) : base(message) { }

    public TransportException(string message, Exception inner) : base(message, inner) { }
}
