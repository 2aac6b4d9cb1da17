using Auscult.Audio;

namespace Auscult.Tests.Audio;

public sealed class ResamplerCacheTests
{
    [Fact]
    public void Get_SamePairTwice_GivesTheSamePlan()
    {
        var cache = new ResamplerCache(maxPlans: 4, maxBytes: 1L << 30);
        Assert.Same(cache.Get(48000, 16000), cache.Get(48000, 16000));
    }

    [Fact]
    public void Get_MoreDistinctPairsThanTheBound_DropsTheLeastRecentlyUsed()
    {
        var cache = new ResamplerCache(maxPlans: 3, maxBytes: 1L << 30);
        var first = cache.Get(1000, 1001);
        cache.Get(1002, 1003);
        cache.Get(1000, 1001); // used again: now the most recent
        cache.Get(1004, 1005);
        cache.Get(1006, 1007); // evicts 1002 -> 1003, the least recently used
        Assert.Equal(3, cache.Count);
        Assert.Same(first, cache.Get(1000, 1001));
    }

    [Fact]
    public void Get_ManyPairsFromManyThreads_StaysWithinCountAndBytes()
    {
        long onePlan = new Resampler(1000, 1001).PlanBytes;
        var cache = new ResamplerCache(maxPlans: 8, maxBytes: 3 * onePlan);
        Parallel.For(0, 64, i =>
        {
            var plan = cache.Get(1000, 1001 + (i % 16));
            Assert.Equal(1001 + (i % 16), plan.ToSampleRate);
        });
        Assert.InRange(cache.Count, 1, 8);
        Assert.InRange(cache.Bytes, 1, 4 * onePlan);
    }

    [Fact]
    public void Get_APlanLargerThanTheByteBound_IsHandedOutButNotKept()
    {
        var cache = new ResamplerCache(maxPlans: 8, maxBytes: 1024);
        Assert.Equal(160, cache.Get(44100, 16000).UpFactor);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Get_APlanThatCannotBeBuilt_LeavesNoEntry()
    {
        var cache = new ResamplerCache(maxPlans: 8, maxBytes: 1L << 30);
        Assert.Throws<InputException>(() => cache.Get(767_999, 16000));
        Assert.Equal(0, cache.Count);
    }
}
