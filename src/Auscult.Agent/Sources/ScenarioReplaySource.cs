using System.Runtime.CompilerServices;
using Auscult.Audio;
using Auscult.Data.Scenarios;

namespace Auscult.Agent.Sources;

/// <summary>
/// Plays planned scenario clips (<see cref="ScenarioGenerator.Plan"/>) as machines recording on an accelerated clock:
/// each clip is synthesised when it is due and stamped with its planned recording time; a clip recorded
/// <c>t</c> after the first is sent <c>t / speed</c> after the replay started. Nothing is written to disk but the spool.
/// </summary>
public sealed class ScenarioReplaySource : IClipSource
{
    private readonly IReadOnlyList<ScheduledClip> _clips;
    private readonly ScenarioGenerator _generator = new();
    private readonly TimeProvider _time;
    private readonly Action<ScheduledClip>? _yielded;

    /// <param name="clips">The clips, any order (they are sent in recording order); not empty.</param>
    /// <param name="speed">Recording time per wall-clock time, e.g. 2016 plays a week in 5 minutes; positive.</param>
    /// <param name="time">The clock (tests: a fake).</param>
    /// <param name="yielded">Told of each clip once it is captured (for progress lines).</param>
    public ScenarioReplaySource(IReadOnlyList<ScheduledClip> clips, double speed, TimeProvider? time = null, Action<ScheduledClip>? yielded = null)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
        {
            throw new ConfigurationException("A scenario replay needs at least one clip.");
        }

        if (!(speed > 0) || !double.IsFinite(speed))
        {
            throw new ConfigurationException($"The replay speed {speed} must be a positive number.");
        }

        _clips = [.. clips.OrderBy(c => c.Clip.RecordedAt).ThenBy(c => c.MachineId, StringComparer.Ordinal)];
        Speed = speed;
        _time = time ?? TimeProvider.System;
        _yielded = yielded;
    }

    /// <summary>Recording time per wall-clock time.</summary>
    public double Speed { get; }

    /// <summary>When the first clip was recorded.</summary>
    public DateTimeOffset Start => _clips[0].Clip.RecordedAt;

    /// <inheritdoc/>
    public string Description =>
        $"scenario replay: {_clips.Select(c => c.MachineId).Distinct().Count()} machines, {_clips.Count} clips over {(_clips[^1].Clip.RecordedAt - Start).TotalDays:0.#} days at {Speed:0.#}x";

    /// <inheritdoc/>
    public async IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        foreach (var scheduled in _clips)
        {
            var due = (scheduled.Clip.RecordedAt - Start) / Speed;
            var wait = due - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            AudioClip audio = _generator.Render(scheduled.Clip);
            using var wav = new MemoryStream();
            WavWriter.Write(wav, audio, WavSampleFormat.Pcm16);
            yield return new CapturedClip(scheduled.MachineId, scheduled.MachineType, scheduled.Clip.RecordedAt, wav.ToArray());
            _yielded?.Invoke(scheduled);
        }
    }

    /// <inheritdoc/>
    public void Spooled(CapturedClip clip)
    {
    }
}
