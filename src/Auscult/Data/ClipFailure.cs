namespace Auscult.Data;

/// <summary>A clip that could not be processed, with the reason the user can act on.</summary>
public sealed record ClipFailure(string Path, string Message)
{
    /// <summary>How many failures an error message lists before it says how many more there are.</summary>
    public const int Shown = 5;

    /// <summary>
    /// One error for a batch: "N of M clips cannot be used:" and the first <see cref="Shown"/> messages, one a line.
    /// </summary>
    /// <param name="messages">Each failure's message (naming its file).</param>
    /// <param name="total">Clips in the batch.</param>
    /// <param name="what">What the clips are, e.g. "clips" or "test clips".</param>
    public static InputException Batch(IReadOnlyList<string> messages, int total, string what = "clips")
    {
        ArgumentNullException.ThrowIfNull(messages);
        string list = string.Join(Environment.NewLine, messages.Take(Shown).Select(m => "  " + m));
        string more = messages.Count > Shown ? $"{Environment.NewLine}  ... and {messages.Count - Shown} more" : "";
        return new InputException($"{messages.Count} of {total} {what} cannot be used:{Environment.NewLine}{list}{more}");
    }
}
