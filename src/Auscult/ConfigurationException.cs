namespace Auscult;

/// <summary>Settings are out of range or contradict each other.</summary>
public class ConfigurationException : AuscultException
{
    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception inner) : base(message, inner) { }
}
