using System.Security.Cryptography;
using Auscult.Agent.Spool;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Spool;

public sealed class ClipSpoolTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ClipSpool Open(long limit = 1L << 30) => ClipSpool.Open(_temp.Combine("spool"), limit, durable: false);

    [Fact]
    public void Add_WritesAudioAndMetadata_WithUuidV7AndSha256()
    {
        var spool = Open();
        var captured = TestClips.Captured(1);

        var clip = spool.Add(captured, "edge-01")!;

        Assert.Equal(7, clip.Metadata.ClipId.Version);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(captured.Wav)), clip.Metadata.Sha256);
        Assert.Equal(("fan-01", "fan", "edge-01", captured.RecordedAt, captured.Wav.LongLength),
            (clip.Metadata.MachineId, clip.Metadata.MachineType, clip.Metadata.DeviceId, clip.Metadata.RecordedAt, clip.Metadata.SizeBytes));
        Assert.Equal(captured.Wav, spool.ReadAudio(clip));
        Assert.Single(Directory.GetFiles(spool.Folder, "*.wav"));
        Assert.Single(Directory.GetFiles(spool.Folder, "*.json"));
        Assert.Empty(Directory.GetFiles(spool.Folder, "*.partial"));
    }

    [Fact]
    public void Oldest_IsTheFirstAdded_AndStaysUntilAcknowledged()
    {
        var spool = Open();
        var first = spool.Add(TestClips.Captured(1), "d")!;
        var second = spool.Add(TestClips.Captured(2), "d")!;

        Assert.Equal(first, spool.Oldest());
        Assert.NotNull(spool.ReadAudio(first));
        Assert.Equal(first, spool.Oldest());
        Assert.Equal(2, spool.Depth);

        Assert.True(spool.Acknowledge(first));
        Assert.Equal(second, spool.Oldest());
        Assert.Null(spool.ReadAudio(first));
        Assert.Single(Directory.GetFiles(spool.Folder, "*.wav"));
        Assert.False(spool.Acknowledge(first));
    }

    [Fact]
    public void Add_OverTheLimit_DropsTheOldestAndCountsThem()
    {
        int size = TestClips.Wav(0).Length;
        var spool = Open(limit: Math.Max(64 * 1024, size * 3L + size / 2));
        long limitClips = spool.LimitBytes / size;
        var dropped = new List<Guid>();
        spool.ClipDropped += c => dropped.Add(c.Metadata.ClipId);
        var added = Enumerable.Range(0, (int)limitClips + 4).Select(i => spool.Add(TestClips.Captured(i), "d")!).ToList();

        Assert.Equal(4, spool.Dropped);
        Assert.Equal(added.Take(4).Select(c => c.Metadata.ClipId), dropped);
        Assert.Equal(added.Skip(4).Select(c => c.Metadata.ClipId), spool.Snapshot().Select(c => c.Metadata.ClipId));
        Assert.True(spool.Bytes <= spool.LimitBytes);
        Assert.Equal((int)limitClips, Directory.GetFiles(spool.Folder, "*.wav").Length);
    }

    [Fact]
    public void Add_AClipLargerThanTheLimit_IsDroppedAndCounted()
    {
        var spool = Open(limit: 64 * 1024);
        var big = TestClips.Captured(1) with { Wav = new byte[100 * 1024] };

        Assert.Null(spool.Add(big, "d"));
        Assert.Equal(1, spool.Dropped);
        Assert.Equal(0, spool.Depth);
    }

    [Fact]
    public void Reopen_ResumesTheClipsInOrder_AndNewClipsComeAfter()
    {
        var first = Open();
        var kept = Enumerable.Range(0, 5).Select(i => first.Add(TestClips.Captured(i), "d")!).ToList();
        first.Acknowledge(kept[1]);

        var reopened = Open();
        var added = reopened.Add(TestClips.Captured(9), "d")!;

        var expected = kept.Where((_, i) => i != 1).Select(c => c.Metadata).Append(added.Metadata).ToList();
        Assert.Equal(expected, reopened.Snapshot().Select(c => c.Metadata));
        Assert.Equal(kept[4].Sequence + 1, added.Sequence);
        Assert.Equal(expected.Sum(m => m.SizeBytes), reopened.Bytes);
    }

    [Fact]
    public void Reopen_DeletesLeftoversOfAnInterruptedWrite()
    {
        var spool = Open();
        var clip = spool.Add(TestClips.Captured(1), "d")!;
        File.WriteAllBytes(Path.Combine(spool.Folder, "0000000000000007.wav"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(spool.Folder, "0000000000000008.wav.partial"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(spool.Folder, "0000000000000009.json"), "{ not json");

        var reopened = Open();

        Assert.Equal([clip.Metadata], reopened.Snapshot().Select(c => c.Metadata));
        Assert.Equal(["0000000000000000.json", "0000000000000000.wav"],
            Directory.GetFiles(spool.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // A sequence number seen in a leftover is never reused.
        Assert.Equal(8, reopened.Add(TestClips.Captured(2), "d")!.Sequence);
    }

    [Fact]
    public void Reject_RemovesAndCounts()
    {
        var spool = Open();
        var clip = spool.Add(TestClips.Captured(1), "d")!;

        Assert.True(spool.Reject(clip));

        Assert.Equal((0, 1L, 0L), (spool.Depth, spool.Rejected, spool.Dropped));
        Assert.Empty(Directory.GetFiles(spool.Folder));
    }

    [Fact]
    public async Task WaitForClip_CompletesWhenAClipIsAdded()
    {
        var spool = Open();
        var waiting = spool.WaitForClipAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        spool.Add(TestClips.Captured(1), "d");

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Open_WithATinyLimit_IsAConfigurationError()
    {
        var error = Assert.Throws<ConfigurationException>(() => Open(limit: 1000));
        Assert.Contains("too small", error.Message, StringComparison.Ordinal);
    }
}
