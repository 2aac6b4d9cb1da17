using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Auscult.Audio;

namespace Auscult.Agent.Sources;

/// <summary>
/// Records a sound card through ALSA's <c>arecord</c> (16-bit PCM WAV): one recording of <see cref="SoundCardOptions.Duration"/>
/// every <see cref="SoundCardOptions.Every"/>, split into one clip per machine when several microphones share the card.
/// </summary>
/// <remarks>
/// One <c>arecord</c> per device at a time (a hardware device opens once). A recording that fails (a busy or missing
/// device, a recorder that hangs past the duration plus 15 s) is reported and the next one is tried on schedule.
/// </remarks>
public sealed class SoundCardSource : IClipSource
{
    private readonly SoundCardOptions _options;
    private readonly string _scratchFolder;
    private readonly TimeProvider _time;

    /// <param name="options">The device, format, schedule and machines.</param>
    /// <param name="scratchFolder">Where recordings are written before they are split (the spool's scratch folder).</param>
    /// <param name="time">The clock.</param>
    public SoundCardSource(SoundCardOptions options, string scratchFolder, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _scratchFolder = scratchFolder;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The ALSA device.</summary>
    public string Device => _options.Device;

    /// <summary>The recorder program.</summary>
    public string Recorder => _options.Recorder;

    /// <inheritdoc/>
    public string Description =>
        $"sound card {_options.Device} ({_options.SampleRate} Hz, {_options.Channels} ch) for {string.Join(", ", _options.Microphones.Select(m => m.MachineId))}: " +
        $"{_options.Duration.TotalSeconds:0.###} s every {_options.Every.TotalSeconds:0.###} s";

    /// <inheritdoc/>
    public async IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_scratchFolder);
        long origin = _time.GetTimestamp();
        for (long round = 0; ; round++)
        {
            var wait = _options.Every * round - _time.GetElapsedTime(origin);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            var recordedAt = _time.GetUtcNow();
            byte[]? wav = await RecordAsync(report, cancellationToken);
            if (wav is null)
            {
                continue;
            }

            foreach (var clip in Split(wav, recordedAt, report))
            {
                yield return clip;
            }
        }
    }

    /// <inheritdoc/>
    public void Spooled(CapturedClip clip)
    {
    }

    /// <summary>The command line for one recording (without the output file).</summary>
    internal IReadOnlyList<string> Arguments(string file)
    {
        var c = CultureInfo.InvariantCulture;
        var arguments = new List<string>
        {
            "-q", "-D", _options.Device, "-t", "wav", "-f", "S16_LE",
            "-r", _options.SampleRate.ToString(c), "-c", _options.Channels.ToString(c),
        };
        double seconds = _options.Duration.TotalSeconds;
        if (seconds == Math.Floor(seconds))
        {
            arguments.AddRange(["-d", ((long)seconds).ToString(c)]);
        }
        else
        {
            // -d takes whole seconds; a fractional duration is given in frames.
            arguments.AddRange(["-s", ((long)Math.Round(seconds * _options.SampleRate)).ToString(c)]);
        }

        arguments.Add(file);
        return arguments;
    }

    private async Task<byte[]?> RecordAsync(Action<string> report, CancellationToken cancellationToken)
    {
        string file = Path.Combine(_scratchFolder, $"capture-{Guid.CreateVersion7()}.wav");
        var start = new ProcessStartInfo(_options.Recorder) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in Arguments(file))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.Duration + TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                report($"{_options.Recorder} on {_options.Device} did not finish within {(_options.Duration + TimeSpan.FromSeconds(15)).TotalSeconds:0} s; killed it.");
                return null;
            }

            await stdout;
            string errors = (await stderr).Trim();
            if (process.ExitCode != 0)
            {
                report($"{_options.Recorder} on {_options.Device} failed (exit {process.ExitCode}){(errors.Length > 0 ? ": " + FirstLines(errors) : "")}");
                return null;
            }

            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            report($"cannot start {_options.Recorder}: {e.Message} (install alsa-utils, or put arecord on PATH).");
            return null;
        }
        catch (IOException e)
        {
            report($"{_options.Recorder} on {_options.Device} wrote no readable file: {e.Message}");
            return null;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private List<CapturedClip> Split(byte[] wav, DateTimeOffset recordedAt, Action<string> report)
    {
        var clips = new List<CapturedClip>();
        if (_options.Microphones is [{ Channel: null } only])
        {
            clips.Add(new CapturedClip(only.MachineId, only.MachineType, recordedAt, wav));
            return clips;
        }

        AudioClip audio;
        try
        {
            using var stream = new MemoryStream(wav, writable: false);
            audio = WavReader.Read(stream, _options.Device);
        }
        catch (AuscultException e)
        {
            report($"{_options.Recorder} on {_options.Device} wrote an unreadable WAV: {e.Message}");
            return clips;
        }

        foreach (var microphone in _options.Microphones)
        {
            int channel = microphone.Channel ?? 0;
            if (channel >= audio.ChannelCount)
            {
                report($"{_options.Device} recorded {audio.ChannelCount} channels; machine {microphone.MachineId} is on channel {channel}.");
                continue;
            }

            using var output = new MemoryStream();
            WavWriter.Write(output, AudioClip.Mono(audio.GetChannel(channel), audio.SampleRate), WavSampleFormat.Pcm16);
            clips.Add(new CapturedClip(microphone.MachineId, microphone.MachineType, recordedAt, output.ToArray()));
        }

        return clips;
    }

    private static string FirstLines(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
