namespace Auscult.Torch.Detection;

/// <summary>A detector's decision on one window of a long recording (<see cref="Detector.DecideWindows(Audio.AudioClip, TimeSpan)"/>).</summary>
/// <param name="Index">The window's number, from 0.</param>
/// <param name="Start">Where the window starts in the recording.</param>
/// <param name="Duration">The window's length: the length asked for, less for a last window the recording cuts short.</param>
/// <param name="IsPartial">Whether this is the recording's last window and shorter than the others.</param>
/// <param name="Decision">The decision on the window's samples, as on a clip of its own; input unfit (too short) for a last window shorter than the model's minimum.</param>
public sealed record WindowDecision(int Index, TimeSpan Start, TimeSpan Duration, bool IsPartial, ClipDecision Decision)
{
    /// <summary>Where the window ends in the recording.</summary>
    public TimeSpan End => Start + Duration;
}
