using Auscult.Agent.Sources;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Sources;

public sealed class ReplaySourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<List<CapturedClip>> AllAsync(ReplaySource source)
    {
        var clips = new List<CapturedClip>();
        await foreach (var clip in source.CaptureAsync(_ => { }, CancellationToken.None))
        {
            clips.Add(clip);
        }

        return clips;
    }

    [Fact]
    public async Task Capture_NamesMachinesTypeDashId_AndTakesTurns()
    {
        var catalog = ClipCatalog.Discover(TestClips.MimiiDataset(_temp.Path, "fan", [0, 2], 3));
        var source = new ReplaySource(catalog, count: null, rate: 1e6);

        var clips = await AllAsync(source);

        Assert.Equal(["fan-00", "fan-02"], source.MachineIds);
        Assert.Equal(["fan-00", "fan-02", "fan-00", "fan-02", "fan-00", "fan-02"], clips.Select(c => c.MachineId));
        Assert.All(clips, c => Assert.Equal("fan", c.MachineType));
        Assert.Equal(File.ReadAllBytes(catalog.Entries[0].Path), clips[0].Wav);
    }

    [Fact]
    public async Task Capture_WithACountAboveTheDataSet_CyclesThroughIt()
    {
        var catalog = ClipCatalog.Discover(TestClips.MimiiDataset(_temp.Path, "pump", [0], 2));

        var clips = await AllAsync(new ReplaySource(catalog, count: 5, rate: 1e6));

        Assert.Equal(5, clips.Count);
        Assert.Equal(clips[0].Wav, clips[2].Wav);
        Assert.NotEqual(clips[0].Wav, clips[1].Wav);
    }

    [Fact]
    public async Task Capture_StampsAnAcceleratedClock_EndingNow()
    {
        var catalog = ClipCatalog.Discover(TestClips.MimiiDataset(_temp.Path, "fan", [0, 2], 2));
        var before = DateTimeOffset.UtcNow;

        var clips = await AllAsync(new ReplaySource(catalog, count: 4, rate: 1e6, every: TimeSpan.FromMinutes(5)));

        // Two machines take turns, so the simulated clock advances 2.5 min per clip: each machine every 5 min.
        var steps = clips.Zip(clips.Skip(1), (a, b) => b.RecordedAt - a.RecordedAt).Distinct().ToList();
        Assert.Equal([TimeSpan.FromMinutes(2.5)], steps);
        Assert.InRange(clips[^1].RecordedAt, before, DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(-1.0, null)]
    [InlineData(1.0, 0)]
    public void Constructor_RefusesBadRatesAndCounts(double rate, int? count)
    {
        var catalog = ClipCatalog.Discover(TestClips.MimiiDataset(_temp.Path, "fan", [0], 1));
        Assert.Throws<ConfigurationException>(() => new ReplaySource(catalog, count, rate));
    }

    [Theory]
    [InlineData("fan", "id_00", "fan-00")]
    [InlineData("ToyCar", "section_01", "ToyCar-section_01")]
    [InlineData("valve", "id 4/x", "valve-id-4-x")]
    public void MachineNames_FromDataset(string type, string id, string expected) =>
        Assert.Equal(expected, MachineNames.FromDataset(type, id));
}
