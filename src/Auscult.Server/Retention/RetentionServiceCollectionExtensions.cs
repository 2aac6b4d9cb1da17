using Microsoft.Extensions.Options;

namespace Auscult.Server.Retention;

/// <summary>Registers audio retention: its options (validated at start), the runner and the periodic job.</summary>
public static class RetentionServiceCollectionExtensions
{
    public static IServiceCollection AddAudioRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<AudioRetention>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
