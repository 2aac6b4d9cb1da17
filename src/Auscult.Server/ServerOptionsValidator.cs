using Microsoft.Extensions.Options;
using Npgsql;

namespace Auscult.Server;

/// <summary>Checks <see cref="ServerOptions"/> when the service starts, naming each setting that is wrong.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Auscult:DataDirectory (--data) must name a folder.");
        }

        if (!string.IsNullOrWhiteSpace(options.Database))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.Database);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    failures.Add("Auscult:Database (--database) must be a PostgreSQL connection string with a host: Host=...;Database=...;Username=...");
                }
            }
            catch (ArgumentException e)
            {
                failures.Add($"Auscult:Database (--database) is not a PostgreSQL connection string: {e.Message}");
            }
        }

        if (options.MaxConcurrentClips is < 1 or > 1024)
        {
            failures.Add($"Auscult:MaxConcurrentClips must be between 1 and 1024; it is {options.MaxConcurrentClips}.");
        }

        if (options.MaxWaitingClips is < 0 or > 100_000)
        {
            failures.Add($"Auscult:MaxWaitingClips must be between 0 and 100000; it is {options.MaxWaitingClips}.");
        }

        if (options.InstanceId is { } instanceId && !ServerInstance.IsValidId(instanceId))
        {
            failures.Add($"Auscult:InstanceId must be 1-{ServerInstance.MaxIdLength} printable characters without spaces; it is '{instanceId}'.");
        }

        if (options.MaxClipBytes is < 1024 or > 1L << 30)
        {
            failures.Add($"Auscult:MaxClipBytes must be between 1 KiB and 1 GiB; it is {options.MaxClipBytes}.");
        }

        if (options.MaxModelBytes is < 1024 or > 8L << 30)
        {
            failures.Add($"Auscult:MaxModelBytes must be between 1 KiB and 8 GiB; it is {options.MaxModelBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
