using Microsoft.Extensions.Options;

namespace Auscult.Server.RateLimits;

/// <summary>Checks <see cref="RateLimitOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (setting, value) in new[]
                 {
                     (nameof(options.TokenLimit), options.TokenLimit), (nameof(options.TokensPerPeriod), options.TokensPerPeriod),
                     (nameof(options.AnonymousTokenLimit), options.AnonymousTokenLimit), (nameof(options.AnonymousTokensPerPeriod), options.AnonymousTokensPerPeriod),
                 })
        {
            if (value is < 1 or > 1_000_000)
            {
                failures.Add($"{RateLimitOptions.Section}:{setting} must be between 1 and 1000000; it is {value}.");
            }
        }

        if (options.ReplenishmentPeriod < TimeSpan.FromMilliseconds(10) || options.ReplenishmentPeriod > TimeSpan.FromDays(1))
        {
            failures.Add($"{RateLimitOptions.Section}:ReplenishmentPeriod must be between 10 milliseconds and 1 day; it is {options.ReplenishmentPeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
