using Microsoft.Extensions.Options;

namespace Auscult.Server.Retention;

/// <summary>Checks <see cref="RetentionOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.DeleteAudioAfter < TimeSpan.FromHours(1) || options.DeleteAudioAfter > TimeSpan.FromDays(3650))
        {
            failures.Add($"{RetentionOptions.Section}:DeleteAudioAfter must be between 1 hour and 3650 days; it is {options.DeleteAudioAfter}.");
        }

        if (options.SampleEvery != TimeSpan.Zero && (options.SampleEvery < TimeSpan.FromMinutes(1) || options.SampleEvery > TimeSpan.FromDays(30)))
        {
            failures.Add($"{RetentionOptions.Section}:SampleEvery must be 0 (no sample) or between 1 minute and 30 days; it is {options.SampleEvery}.");
        }

        if (options.KeepSamplesFor != TimeSpan.Zero && (options.KeepSamplesFor < options.DeleteAudioAfter || options.KeepSamplesFor > TimeSpan.FromDays(3650)))
        {
            failures.Add($"{RetentionOptions.Section}:KeepSamplesFor must be 0 (for good) or between DeleteAudioAfter ({options.DeleteAudioAfter}) and 3650 days; it is {options.KeepSamplesFor}.");
        }

        if (options.Interval < TimeSpan.FromSeconds(10) || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"{RetentionOptions.Section}:Interval must be between 10 seconds and 1 day; it is {options.Interval}.");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add($"{RetentionOptions.Section}:BatchSize must be between 1 and 100000; it is {options.BatchSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
