using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Jobs;

/// <summary>Registers training jobs: options (validated at start), store, data, runner and service.</summary>
public static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<TrainingData>();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddSingleton<JobService>();
        return services;
    }
}
