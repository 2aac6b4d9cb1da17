namespace Auscult;

/// <summary>
/// An error the user can act on: bad input, a wrong setting, an unfit model. The message is complete and names the
/// file or value and the problem in the libraries' words (never a command-line flag: front ends add those); front
/// ends print it without a stack trace.
/// </summary>
/// <remarks>
/// Throw one of the three kinds, so that each front end can answer each its own way (a service: 400 or 422 for
/// <see cref="InputException"/>, 422 for <see cref="ModelException"/>, 500 for <see cref="ConfigurationException"/>):
/// <see cref="InputException"/> for data the caller handed over (audio, a data folder, scores);
/// <see cref="ModelException"/> for a model bundle that is damaged, foreign or does not fit the data;
/// <see cref="ConfigurationException"/> for settings out of range or contradicting each other.
/// </remarks>
public abstract class AuscultException : Exception
{
    protected AuscultException(string message) : base(message) { }

    protected AuscultException(string message, Exception inner) : base(message, inner) { }
}
