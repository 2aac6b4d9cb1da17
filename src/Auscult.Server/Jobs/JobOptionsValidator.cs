using Microsoft.Extensions.Options;

namespace Auscult.Server.Jobs;

/// <summary>Checks <see cref="JobOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(options.FirstModelMinimumClips), options.FirstModelMinimumClips, 2, 1_000_000);
        Range(failures, nameof(options.RetrainMinimumClips), options.RetrainMinimumClips, 2, 1_000_000);
        Range(failures, nameof(options.ClassifierMinimumAnomalies), options.ClassifierMinimumAnomalies, 3, 1_000_000);
        Range(failures, nameof(options.MaxNormalClips), options.MaxNormalClips, 2, 1_000_000);
        Range(failures, nameof(options.MaxParallelism), options.MaxParallelism, 1, 64);
        if (options.Epochs is { } epochs)
        {
            Range(failures, nameof(options.Epochs), epochs, 1, 10_000);
        }

        Span(failures, nameof(options.ClassifierBudget), options.ClassifierBudget, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Span(failures, nameof(options.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        Span(failures, nameof(options.PollInterval), options.PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{JobOptions.Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }

    private static void Span(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{JobOptions.Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }
}
