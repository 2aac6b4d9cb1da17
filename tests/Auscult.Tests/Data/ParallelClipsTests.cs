using Auscult.Data;

namespace Auscult.Tests.Data;

public sealed class ParallelClipsTests
{
    private static readonly string[] Paths = [.. Enumerable.Range(0, 40).Select(i => $"clip{i:D2}.wav")];

    [Fact]
    public void Map_OneWorker_NeverRunsTwoClipsAtOnce_AndKeepsOrderAndFailures()
    {
        int running = 0;
        int most = 0;
        var (results, failures) = ParallelClips.Map(Paths, path =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.SpinWait(10_000);
            Interlocked.Decrement(ref running);
            return path.EndsWith("7.wav", StringComparison.Ordinal) ? throw new InputException($"{path}: bad") : path.Length;
        }, maxParallelism: 1);

        Assert.Equal(1, most);
        Assert.Equal(["clip07.wav", "clip17.wav", "clip27.wav", "clip37.wav"], failures.Select(f => f.Path));
        int[] expected = [.. Paths.Select(p => p.EndsWith("7.wav", StringComparison.Ordinal) ? 0 : p.Length)]; // a failed clip's result stays default
        Assert.Equal(expected, results);
    }

    [Fact]
    public void Map_TwoWorkers_RunTwoClipsAtOnce()
    {
        // The first two clips each wait for the other: only two workers at once get both through. The timeout only
        // keeps a broken implementation from hanging the run.
        using var barrier = new Barrier(2);
        var (results, failures) = ParallelClips.Map(Paths[..2], path => barrier.SignalAndWait(TimeSpan.FromMinutes(1)), maxParallelism: 2);

        Assert.Empty(failures);
        Assert.Equal([true, true], results);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Map_FewerThanOneWorker_IsRefused(int workers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelClips.Map(Paths, p => p, maxParallelism: workers));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
