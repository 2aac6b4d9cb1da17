namespace Auscult;

/// <summary>Data the caller handed over cannot be used: unreadable or unfit audio, an empty or foreign data folder, non-finite scores.</summary>
public class InputException : AuscultException
{
    public InputException(string message) : base(message) { }

    public InputException(string message, Exception inner) : base(message, inner) { }
}
