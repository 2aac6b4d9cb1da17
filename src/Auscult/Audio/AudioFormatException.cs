namespace Auscult.Audio;

/// <summary>A recording that cannot be decoded or used: not RIFF/WAVE, truncated, unsupported format, wrong rate.</summary>
public sealed class AudioFormatException : InputException
{
    public AudioFormatException(string? path, string problem)
        : base(path is null ? problem : $"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file at fault, when the audio came from a file.</summary>
    public string? Path { get; }

    /// <summary>The problem alone, without the path.</summary>
    public string Problem { get; }
}
