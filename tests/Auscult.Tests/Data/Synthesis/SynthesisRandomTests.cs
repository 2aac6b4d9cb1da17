using Auscult.Data.Synthesis;

namespace Auscult.Tests.Data.Synthesis;

public class SynthesisRandomTests
{
    [Fact]
    public void SameSeed_GivesTheSameSequence_DifferentSeedAnother()
    {
        ulong[] Draw(ulong seed)
        {
            var random = new SynthesisRandom(seed);
            return Enumerable.Range(0, 8).Select(_ => random.NextUInt64()).ToArray();
        }

        Assert.Equal(Draw(42), Draw(42));
        Assert.Empty(Draw(42).Intersect(Draw(43)));
    }

    [Fact]
    public void Uniforms_HaveTheirRangeAndMoments()
    {
        var random = new SynthesisRandom(1);
        double[] u = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToArray();
        Assert.All(u, x => Assert.InRange(x, 0.0, 0.9999999999999999));
        Assert.InRange(u.Average(), 0.495, 0.505);
        float[] signed = Enumerable.Range(0, 100_000).Select(_ => random.NextSigned()).ToArray();
        Assert.All(signed, x => Assert.InRange(x, -1f, 1f));
        Assert.InRange(signed.Average(x => (double)x * x), 0.33 - 0.01, 0.33 + 0.01); // variance 1/3
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[random.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Gaussian_HasZeroMeanAndUnitVariance()
    {
        var random = new SynthesisRandom(2);
        double[] g = Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian()).ToArray();
        Assert.InRange(g.Average(), -0.01, 0.01);
        Assert.InRange(g.Average(x => x * x), 0.98, 1.02);
    }

    [Fact]
    public void Hash_DependsOnOrderAndOnEveryPart()
    {
        Assert.NotEqual(SynthesisRandom.Hash(1, 2), SynthesisRandom.Hash(2, 1));
        Assert.NotEqual(SynthesisRandom.Hash(1, 2), SynthesisRandom.Hash(1, 2, 0));
        Assert.Equal(SynthesisRandom.Hash(5, 6, 7), SynthesisRandom.Hash(5, 6, 7));
    }
}
