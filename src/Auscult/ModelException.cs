namespace Auscult;

/// <summary>A model bundle is damaged, foreign, of the wrong kind, or does not fit the data it is asked to score.</summary>
public class ModelException : AuscultException
{
    public ModelException(string message) : base(message) { }

    public ModelException(string message, Exception inner) : base(message, inner) { }
}
