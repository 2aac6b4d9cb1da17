namespace Auscult.Server.Alerts;

/// <summary>One scored clip in a machine's recent window.</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="Score">Its score.</param>
/// <param name="Threshold">The threshold it was judged against (the machine's own, else the model's).</param>
/// <param name="Anomalous">Whether <paramref name="Score"/> &gt; <paramref name="Threshold"/>.</param>
/// <param name="Kind">The fault kind of an anomalous clip (<see cref="AlertKinds.Anomaly"/> when the model names none); null when normal.</param>
public sealed record VerdictEntry(string ClipId, double Score, double Threshold, bool Anomalous, string? Kind);
