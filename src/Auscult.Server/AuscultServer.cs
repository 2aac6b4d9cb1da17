using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Auscult.Server.Dashboard;
using Auscult.Server.Endpoints;
using Auscult.Server.Machines;
using Auscult.Server.Models;
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthEndpoints();
        var api = app.MapGroup(ServerInfo.ApiPrefix);
        api.MapClipEndpoints();
        api.MapMachineEndpoints();
        api.MapModelEndpoints();
        api.MapAlertEndpoints();
        app.MapDashboard();
        return app;
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
        services.AddSingleton(sp => new FileStore(sp.GetRequiredService<AuscultDatabase>().DataDirectory));
        services.AddSingleton<MachineStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ClipStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<LabelStore>();
        services.AddSingleton<DetectorCache>();
        services.TryAddSingleton(sp => new AlertEngine(AlertPolicy.Default, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IClipScoredHandler, EngineAlertRules>();
        services.AddSingleton<ClipIngestion>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<MachineStatus>();
        services.AddHostedService<ServerStartup>();
        services.AddDashboard();

        services.AddAuthentication(UserAuthentication.SelectorScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUserSignIn();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(WireNames.Of(ApiRole.Admin)))
            .AddPolicy(Policies.Operator, p => p.RequireRole(WireNames.Of(ApiRole.Admin), WireNames.Of(ApiRole.Operator)))
            .AddPolicy(Policies.Device, p => p.RequireRole(WireNames.Of(ApiRole.Admin), WireNames.Of(ApiRole.Device)));

        services.AddProblemDetails();
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
