using Auscult.Server.Components;
using Auscult.Server.SignIns;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Dashboard;

/// <summary>Registers and maps the supervision screen (Blazor: static rendering, interactive server parts for live updates).</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>The users, the dashboard's data service and Blazor.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<UserStore>();
        services.AddSingleton<SignInStore>();
        services.AddSingleton<SignInLimiter>();
        services.AddSingleton<UserAdministration>();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInLimitOptions>, SignInLimitOptionsValidator>();
        services.AddSingleton<MachineEvents>();
        services.AddHostedService<MachineChangeRelay>();
        services.AddSingleton<ClipPictures>();
        services.AddScoped<DashboardData>();
        services.AddDataProtection().SetApplicationName("Auscult");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DataProtectionKeys>();
        // The key ring sits unencrypted in the data folder, as protected as the database beside it; the warning that
        // says so on every new key would only be noise.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Sign-in, the pages, and their assets.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDashboardAssets();
        app.MapSignInEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
