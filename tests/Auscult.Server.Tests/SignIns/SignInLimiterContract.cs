using System.Net;
using Auscult.Server.SignIns;
using Auscult.Server.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Server.Tests.SignIns;

/// <summary>The sign-in attempt limit's behaviour, run on SQLite and on PostgreSQL (<see cref="SignInLimiterTests"/>).</summary>
internal static class SignInLimiterContract
{
    private static readonly SignInLimitOptions Options = new()
    {
        MaxFailuresPerName = 3, MaxFailuresPerAddress = 5, Window = TimeSpan.FromMinutes(10), Lockout = TimeSpan.FromMinutes(15),
    };

    private static readonly IPAddress Office = IPAddress.Parse("192.0.2.7");

    private static (SignInLimiter Limiter, FakeTimeProvider Clock) Create(AuscultDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        return (new SignInLimiter(new SignInStore(database), Microsoft.Extensions.Options.Options.Create(Options), clock), clock);
    }

    public static async Task AName_IsLockedAtTheLimit_UntilTheLockoutEnds(AuscultDatabase database)
    {
        var (limiter, clock) = Create(database);

        await limiter.FailedAsync("ada", Office);
        await limiter.FailedAsync("ada", Office);
        var beforeLimit = await limiter.LockedForAsync("ada", Office);
        await limiter.FailedAsync("ada", Office);
        var atLimit = await limiter.LockedForAsync("ada", null);
        clock.Advance(TimeSpan.FromMinutes(14));
        var nearlyOver = await limiter.LockedForAsync("ada", null);
        clock.Advance(TimeSpan.FromMinutes(1));
        var over = await limiter.LockedForAsync("ada", null);

        Assert.Null(beforeLimit);
        Assert.Equal(TimeSpan.FromMinutes(15), atLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), nearlyOver);
        Assert.Null(over);
        Assert.Null(await limiter.LockedForAsync("bob", null));
    }

    public static async Task Failures_CountOnlyWithinTheWindow(AuscultDatabase database)
    {
        var (limiter, clock) = Create(database);

        await limiter.FailedAsync("ada", null);
        await limiter.FailedAsync("ada", null);
        clock.Advance(TimeSpan.FromMinutes(10));
        await limiter.FailedAsync("ada", null);
        await limiter.FailedAsync("ada", null);
        var newWindow = await limiter.LockedForAsync("ada", null);
        await limiter.FailedAsync("ada", null);

        Assert.Null(newWindow);
        Assert.NotNull(await limiter.LockedForAsync("ada", null));
    }

    public static async Task AnAddress_IsLockedAcrossNames(AuscultDatabase database)
    {
        var (limiter, _) = Create(database);

        foreach (string name in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            await limiter.FailedAsync(name, Office);
        }

        Assert.NotNull(await limiter.LockedForAsync("someone", Office));
        Assert.NotNull(await limiter.LockedForAsync("someone", IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Null(await limiter.LockedForAsync("someone", IPAddress.Parse("192.0.2.8")));
    }

    public static async Task Clear_ForgetsTheNamesFailures(AuscultDatabase database)
    {
        var (limiter, _) = Create(database);
        for (int i = 0; i < 3; i++)
        {
            await limiter.FailedAsync("ada", null);
        }

        await limiter.ClearAsync("ada");

        Assert.Null(await limiter.LockedForAsync("ada", null));
        await limiter.FailedAsync("ada", null);
        Assert.Null(await limiter.LockedForAsync("ada", null));
    }
}
