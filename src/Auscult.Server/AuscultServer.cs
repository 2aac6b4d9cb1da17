using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Auscult.Server.Dashboard;
using Auscult.Server.Endpoints;
using Auscult.Server.Jobs;
using Auscult.Server.Machines;
using Auscult.Server.Metrics;
using Auscult.Server.Models;
using Auscult.Server.Mqtt;
using Auscult.Server.RateLimits;
using Auscult.Server.Retention;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Auscult.Server;

/// <summary>
/// Composes the service: the one place that registers its parts and maps its endpoints, used by Program.cs,
/// <c>auscult serve</c> and the tests' WebApplicationFactory alike.
/// </summary>
public static class AuscultServer
{
    /// <summary>
    /// A builder with every service registered. Settings come from <paramref name="args"/> (<c>--urls=...</c>,
    /// <c>--Auscult:DataDirectory=...</c>, <c>--Auscult:Database=...</c>), environment variables and appsettings.json.
    /// </summary>
    /// <param name="args">Command-line settings.</param>
    /// <param name="console">Where the URL and the first admin key are printed; standard output by default.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, TextWriter? console = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        AddAuscult(builder.Services, console ?? Console.Out);
        return builder;
    }

    /// <summary>Builds the application and maps every endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseClipMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseKeyRateLimits();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        var api = app.MapGroup(ServerInfo.ApiPrefix);
        api.MapClipEndpoints();
        api.MapClipImageEndpoints();
        api.MapLabelExportEndpoints();
        api.MapMachineEndpoints();
        api.MapModelEndpoints();
        api.MapAlertEndpoints();
        api.MapThresholdEndpoints();
        api.MapJobEndpoints();
        app.MapDashboard();
        return app;
    }

    // The alert rules (Auscult:Alerts:*), webhooks (Auscult:Webhooks:*), both validated on start, and the offline tick.
    private static void AddAlerts(IServiceCollection services)
    {
        services.AddOptions<AlertPolicy>().BindConfiguration(AlertOptionsValidator.AlertsSection).ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(AlertOptionsValidator.WebhooksSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertPolicy>, AlertOptionsValidator>();
        services.AddSingleton<IValidateOptions<WebhookOptions>, AlertOptionsValidator>();
        services.TryAddSingleton(sp => new AlertEngine(sp.GetRequiredService<IOptions<AlertPolicy>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<WebhookDeliveryStore>();
        services.TryAddSingleton<IWebhookDeliveryLog>(sp => sp.GetRequiredService<WebhookDeliveryStore>());
        services.AddHttpClient(WebhookNotifier.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // the notifier times each attempt itself
        services.TryAddSingleton(sp => new WebhookNotifier(sp.GetRequiredService<IOptions<WebhookOptions>>().Value, sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IWebhookDeliveryLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddSingleton<MachineAlertService>();
        services.AddHostedService<OfflineTicker>();
        services.AddSingleton<Drift.DriftAlerts>();
        services.AddHostedService<Drift.DriftTicker>();
        services.TryAddSingleton<IClipScoredHandler, EngineAlertRules>();
    }

    private static void AddAuscult(IServiceCollection services, TextWriter console)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ServerConsole(console));

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return AuscultDatabase.Open(options.DataDirectory, options.Database);
        });
        services.AddSingleton(sp => new FileStore(sp.GetRequiredService<AuscultDatabase>().DataDirectory)
        {
            FlushToDisk = sp.GetRequiredService<IOptions<ServerOptions>>().Value.FlushAudioToDisk,
        });
        services.AddSingleton(sp => new ServerInstance(sp.GetRequiredService<IOptions<ServerOptions>>().Value.InstanceId));
        services.AddSingleton<MachineStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ClipStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<LabelStore>();
        services.AddSingleton<DetectorCache>();
        services.AddSingleton<DriftStore>();
        services.AddSingleton<Drift.MachineDriftService>();
        AddAlerts(services);
        services.AddSingleton<CommittedClips>();
        services.AddSingleton<ClipIngestion>();
        services.AddSingleton<ClipAdmission>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<MachineStatus>();
        services.AddHostedService<ServerStartup>();
        services.AddAudioRetention();
        services.AddServiceMetrics();
        services.AddSingleton<ClipImages>();
        services.AddSingleton<Labels.LabelExport>();
        services.AddKeyRateLimits();
        services.AddAuscultMqtt();
        services.AddDashboard();
        services.AddTrainingJobs();

        services.AddAuthentication(UserAuthentication.SelectorScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUserSignIn();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(WireNames.Of(ApiRole.Admin)))
            .AddPolicy(Policies.Operator, p => p.RequireRole(WireNames.Of(ApiRole.Admin), WireNames.Of(ApiRole.Operator)))
            .AddPolicy(Policies.Device, p => p.RequireRole(WireNames.Of(ApiRole.Admin), WireNames.Of(ApiRole.Device)));

        services.AddProblemDetails();
        // A body or parameter that does not bind is thrown to ProblemExceptionHandler, which names the problem
        // ("The JSON body cannot be read: ..."), instead of a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(o =>
        {
            o.AddOperationTransformer(BinaryBody.TransformAsync);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Auscult";
                document.Info.Description =
                    "Machine sound scoring: post clips, get verdicts, machine states and alerts. Keys travel as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.";
                return Task.CompletedTask;
            });
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
    }
}
