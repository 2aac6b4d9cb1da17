using Auscult.Agent.Sources;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Sources;

public sealed class FolderSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<string> _reports = [];

    public void Dispose() => _temp.Dispose();

    private FolderSource Source() => new(_temp.Path, "pump-01", "pump");

    private List<CapturedClip> Poll(FolderSource source) => source.Poll(_reports.Add);

    [Fact]
    public void Poll_SendsAFileOnceItsSizeHeldStillForOnePoll()
    {
        var source = Source();
        byte[] wav = TestClips.Wav(1);
        File.WriteAllBytes(_temp.Combine("a.wav"), wav);

        Assert.Empty(Poll(source));
        var clip = Assert.Single(Poll(source));

        Assert.Equal(("pump-01", "pump", _temp.Combine("a.wav")), (clip.MachineId, clip.MachineType, clip.SourcePath));
        Assert.Equal(wav, clip.Wav);
    }

    [Fact]
    public void Poll_WaitsWhileAFileGrows()
    {
        var source = Source();
        byte[] wav = TestClips.Wav(1);
        string path = _temp.Combine("a.wav");
        File.WriteAllBytes(path, wav[..1000]);
        Assert.Empty(Poll(source));

        File.WriteAllBytes(path, wav[..3000]);
        Assert.Empty(Poll(source));

        File.WriteAllBytes(path, wav);
        Assert.Empty(Poll(source));
        Assert.Single(Poll(source));
    }

    [Fact]
    public void Poll_DoesNotSendATruncatedWav_AndMovesItToFailedAfterAWhile()
    {
        var source = new FolderSource(_temp.Path, "pump-01", "pump") { FailAfterPolls = 3 };
        // A header that promises more data than the file holds: a recorder still writing, or one that died.
        File.WriteAllBytes(_temp.Combine("cut.wav"), TestClips.Wav(1)[..2000]);

        for (int poll = 0; poll < 4; poll++)
        {
            Assert.Empty(Poll(source));
        }

        Assert.False(File.Exists(_temp.Combine("cut.wav")));
        Assert.True(File.Exists(_temp.Combine(FolderSource.FailedFolderName, "cut.wav")));
        Assert.Contains(_reports, r => r.Contains("cut.wav", StringComparison.Ordinal));
    }

    [Fact]
    public void Spooled_MovesTheFileIntoSent_SoItIsSentOnce()
    {
        var source = Source();
        File.WriteAllBytes(_temp.Combine("a.wav"), TestClips.Wav(1));
        Poll(source);
        var clip = Assert.Single(Poll(source));

        source.Spooled(clip);

        Assert.True(File.Exists(_temp.Combine(FolderSource.SentFolderName, "a.wav")));
        Assert.Empty(Poll(source));
        Assert.Empty(Poll(new FolderSource(_temp.Path, "pump-01", "pump")));
    }

    [Fact]
    public void Poll_IgnoresOtherFiles()
    {
        var source = Source();
        File.WriteAllText(_temp.Combine("notes.txt"), "x");
        Poll(source);
        Assert.Empty(Poll(source));
    }

    [Fact]
    public void Constructor_RefusesAMissingFolder()
    {
        var error = Assert.Throws<InputException>(() => new FolderSource(_temp.Combine("nope"), "pump-01", "pump"));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
