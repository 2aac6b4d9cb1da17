using Auscult.Agent.Sources;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Sources;

/// <summary>The sound-card source against a fake <c>arecord</c> (a shell script; there is no sound card here).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SoundCardSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A fake arecord that logs its arguments and copies <paramref name="wavPath"/> to its last argument.</summary>
    private string FakeRecorder(string wavPath, int exitCode = 0)
    {
        string script = _temp.Combine("arecord");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$@" >> "{_temp.Combine("calls.log")}"
            if [ {exitCode} -ne 0 ]; then echo "arecord: main:850: audio open error: No such device" >&2; exit {exitCode}; fi
            for last; do :; done
            cp "{wavPath}" "$last"
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static async Task<List<CapturedClip>> TakeAsync(SoundCardSource source, int count, List<string> reports)
    {
        var clips = new List<CapturedClip>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var clip in source.CaptureAsync(reports.Add, cancel.Token))
        {
            clips.Add(clip);
            if (clips.Count == count)
            {
                break;
            }
        }

        return clips;
    }

    [Fact]
    public async Task Capture_SplitsATwoChannelRecording_IntoOneMonoClipPerMachine()
    {
        string wav = _temp.Combine("two.wav");
        File.WriteAllBytes(wav, TestClips.Wav(5, channels: 2));
        var source = new SoundCardSource(new SoundCardOptions
        {
            Device = "hw:1,0",
            Channels = 2,
            Duration = TimeSpan.FromSeconds(1),
            Every = TimeSpan.FromSeconds(1),
            Recorder = FakeRecorder(wav),
            Microphones = [new Microphone("fan-01", "fan", 0), new Microphone("pump-01", "pump", 1)],
        }, _temp.Combine("scratch"));
        var reports = new List<string>();

        var clips = await TakeAsync(source, 2, reports);

        Assert.Empty(reports);
        Assert.Equal(["fan-01", "pump-01"], clips.Select(c => c.MachineId));
        var original = WavReader.Read(wav);
        for (int channel = 0; channel < 2; channel++)
        {
            var mono = WavReader.Read(new MemoryStream(clips[channel].Wav), "clip");
            Assert.Equal(1, mono.ChannelCount);
            Assert.Equal(original.GetChannel(channel), mono.GetChannel(0));
        }

        Assert.Equal("-q -D hw:1,0 -t wav -f S16_LE -r 16000 -c 2 -d 1", string.Join(' ', File.ReadAllLines(_temp.Combine("calls.log"))[0].Split(' ')[..^1]));
        Assert.Empty(Directory.GetFiles(_temp.Combine("scratch")));
    }

    [Fact]
    public async Task Capture_ASingleMachine_SendsTheRecordingAsItIs_OnTheSchedule()
    {
        string wav = _temp.Combine("one.wav");
        File.WriteAllBytes(wav, TestClips.Wav(6));
        var source = new SoundCardSource(new SoundCardOptions
        {
            Duration = TimeSpan.FromMilliseconds(250),
            Every = TimeSpan.FromMilliseconds(300),
            Recorder = FakeRecorder(wav),
            Microphones = [new Microphone("fan-01", "fan")],
        }, _temp.Combine("scratch"));

        var clips = await TakeAsync(source, 3, []);

        Assert.All(clips, c => Assert.Equal(File.ReadAllBytes(wav), c.Wav));
        Assert.True(clips[1].RecordedAt - clips[0].RecordedAt >= TimeSpan.FromMilliseconds(250));
        // A fractional duration is given to arecord in frames (-s), since -d takes whole seconds.
        Assert.Contains("-s 4000", File.ReadAllLines(_temp.Combine("calls.log"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_AFailingRecorder_IsReported_AndTriedAgainOnSchedule()
    {
        var source = new SoundCardSource(new SoundCardOptions
        {
            Device = "hw:9,0",
            Duration = TimeSpan.FromMilliseconds(100),
            Every = TimeSpan.FromMilliseconds(100),
            Recorder = FakeRecorder(_temp.Combine("none.wav"), exitCode: 1),
            Microphones = [new Microphone("fan-01", "fan")],
        }, _temp.Combine("scratch"));
        var reports = new List<string>();
        using var cancel = new CancellationTokenSource();

        var capture = Task.Run(async () =>
        {
            await foreach (var _ in source.CaptureAsync(reports.Add, cancel.Token))
            {
            }
        });
        await Eventually.TrueAsync(() => File.Exists(_temp.Combine("calls.log")) && File.ReadAllLines(_temp.Combine("calls.log")).Length >= 2, "two attempts");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => capture);

        Assert.Contains(reports, r => r.Contains("hw:9,0 failed (exit 1): arecord: main:850: audio open error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, 2, "channel 2 is not one of the 2 channels")]
    [InlineData(1, null, "give each its channel")]
    public void Options_RefuseBadChannels(int channels, int? secondChannel, string message)
    {
        var options = new SoundCardOptions
        {
            Channels = channels,
            Microphones = [new Microphone("fan-01", "fan", 0), new Microphone("pump-01", "pump", secondChannel)],
        };
        var error = Assert.Throws<ConfigurationException>(options.Validate);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
