namespace Auscult.Server.Dashboard;

/// <summary>A clip as a page plays it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="At">When it was recorded (else received).</param>
/// <param name="Score">Its score, or null.</param>
/// <param name="Threshold">Its threshold, or null.</param>
/// <param name="Verdict">Its verdict word.</param>
/// <param name="Kind">The model's most likely kind, or null.</param>
/// <param name="HasAudio">Whether its audio is still kept.</param>
public sealed record ClipView(string Id, DateTimeOffset At, double? Score, double? Threshold, string Verdict, string? Kind, bool HasAudio)
{
    /// <summary>The URL of its WAV file.</summary>
    public string AudioUrl => $"{ServerInfo.ApiPrefix}/clips/{Uri.EscapeDataString(Id)}/audio";
}
