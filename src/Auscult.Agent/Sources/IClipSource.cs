namespace Auscult.Agent.Sources;

/// <summary>Where clips come from: a sound card, a folder a recorder fills, or a data set replayed.</summary>
public interface IClipSource
{
    /// <summary>For the log: what this source reads.</summary>
    string Description { get; }

    /// <summary>
    /// Yields clips as they are recorded. A finite source (a replay) ends by itself; a live one runs until cancelled.
    /// A recording that fails is reported through <paramref name="report"/> and the source goes on.
    /// </summary>
    IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, CancellationToken cancellationToken);

    /// <summary>Called once a clip this source yielded is safely in the spool (a folder source then moves its file).</summary>
    void Spooled(CapturedClip clip);
}
