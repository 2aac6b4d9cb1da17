using Microsoft.Extensions.Options;

namespace Auscult.Server.SignIns;

/// <summary>Checks <see cref="SignInLimitOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class SignInLimitOptionsValidator : IValidateOptions<SignInLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxFailuresPerName is < 1 or > 1000)
        {
            failures.Add($"{SignInLimitOptions.Section}:MaxFailuresPerName must be between 1 and 1000; it is {options.MaxFailuresPerName}.");
        }

        if (options.MaxFailuresPerAddress is < 1 or > 100_000)
        {
            failures.Add($"{SignInLimitOptions.Section}:MaxFailuresPerAddress must be between 1 and 100000; it is {options.MaxFailuresPerAddress}.");
        }

        foreach (var (setting, value) in new[] { (nameof(options.Window), options.Window), (nameof(options.Lockout), options.Lockout) })
        {
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(1))
            {
                failures.Add($"{SignInLimitOptions.Section}:{setting} must be between 1 second and 1 day; it is {value}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
