namespace Auscult;

/// <summary>
/// An error the user can act on: bad input, a wrong option, an incompatible model. The message is complete and
/// names the file and the problem; front ends print it without a stack trace.
/// </summary>
public class AuscultException : Exception
{
    public AuscultException(string message) : base(message) { }

    public AuscultException(string message, Exception inner) : base(message, inner) { }
}
