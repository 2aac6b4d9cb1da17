namespace Auscult.Agent.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_DoublesItsBound_WithJitterInTheUpperHalf_UpToTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(7));
        double[] bounds = [1, 2, 4, 8, 10, 10];

        foreach (double bound in bounds)
        {
            double wait = backoff.Next().TotalSeconds;
            Assert.InRange(wait, bound / 2, bound);
        }
    }

    [Fact]
    public void Next_IsJittered_SoDevicesDoNotReturnTogether()
    {
        var waits = Enumerable.Range(0, 20).Select(seed => new ReconnectBackoff(random: new Random(seed)).Next()).Distinct().Count();
        Assert.True(waits > 10, $"only {waits} distinct first waits out of 20");
    }

    [Fact]
    public void Reset_StartsAgainFromTheInitialWait()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(1));
        for (int i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Constructor_RefusesAMaximumBelowTheInitialWait() =>
        Assert.Throws<ConfigurationException>(() => new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
}
