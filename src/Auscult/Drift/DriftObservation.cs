namespace Auscult.Drift;

/// <summary>
/// What a drift monitor keeps of one clip (<see cref="DriftReference.Observe"/>): its time, score and input health,
/// each mel band's mean level, and how the clip's frames fall into the training distribution's quantile bins.
/// </summary>
/// <remarks>About 2.8 KB for 128 bands: a day of one machine's clips is under 1 MB.</remarks>
public sealed class DriftObservation
{
    internal DriftObservation(DateTimeOffset recordedAt, double score, bool anomalous, bool inputProblem, float[]? bandMeans, ushort[]? binCounts, int frames)
    {
        RecordedAt = recordedAt;
        Score = score;
        IsAnomalous = anomalous;
        HasInputProblem = inputProblem;
        BandMeans = bandMeans;
        BinCounts = binCounts;
        FrameCount = frames;
    }

    /// <summary>When the clip was recorded.</summary>
    public DateTimeOffset RecordedAt { get; }

    /// <summary>The anomaly score; NaN when the clip was not scored (input unfit).</summary>
    public double Score { get; }

    /// <summary>Whether the score passed the threshold.</summary>
    public bool IsAnomalous { get; }

    /// <summary>Whether the input checks found the clip unfit, or found a fault of the recording chain (dead or duplicated channel, clipping).</summary>
    public bool HasInputProblem { get; }

    /// <summary>Each band's mean log-mel level over the clip's frames (dB); null when the clip has no features.</summary>
    public IReadOnlyList<float>? BandMeans { get; }

    /// <summary>Whether the clip was scored.</summary>
    public bool IsScored => !double.IsNaN(Score);

    internal float[]? Means => BandMeans as float[];

    /// <summary>Frames per band and quantile bin, band-major (<c>band * bins + bin</c>); null without features.</summary>
    internal ushort[]? BinCounts { get; }

    /// <summary>Log-mel frames the clip had.</summary>
    public int FrameCount { get; }
}
