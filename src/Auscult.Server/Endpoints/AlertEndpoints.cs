using Auscult.Server.Alerting;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary>Reading alerts and acknowledging them (confirm and reject come with the rules engine and labels).</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/alerts", ListAsync).RequireAuthorization(Policies.Operator).WithSummary("Alerts, newest first (?state=open&machineId=fan-01)");
        routes.MapGet("/alerts/{alertId}", GetAsync).RequireAuthorization(Policies.Operator).WithSummary("An alert with its history and clips");
        routes.MapPost("/alerts/{alertId}/acknowledge", AcknowledgeAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Acknowledges an open alert (it notifies no more until it clears)");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<AlertRecord>>> ListAsync(string? state, string? machineId, AlertStore alerts, CancellationToken cancellationToken)
    {
        AlertState? parsed = null;
        if (state is not null)
        {
            parsed = WireNames.TryParse<AlertState>(state)
                ?? throw ProblemException.BadRequest($"'state' must be one of open, acknowledged, confirmed, rejected, closed; it is '{state}'.");
        }

        return TypedResults.Ok(await alerts.ListAsync(parsed, machineId, cancellationToken: cancellationToken));
    }

    private static async Task<Ok<AlertDetails>> GetAsync(string alertId, AlertStore alerts, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAsync(alertId, cancellationToken) ?? throw ProblemException.NotFound($"There is no alert '{alertId}'.");
        return TypedResults.Ok(new AlertDetails(alert, await alerts.EventsAsync(alertId, cancellationToken), await alerts.ClipsAsync(alertId, cancellationToken)));
    }

    private static async Task<Ok<AlertRecord>> AcknowledgeAsync(string alertId, HttpContext context, AlertStore alerts, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        string? note = null;
        if (context.Request.ContentLength > 0)
        {
            note = (await context.Request.ReadFromJsonAsync<AlertNote>(cancellationToken))?.Note;
        }

        return TypedResults.Ok(await alerts.TransitionAsync(alertId, AlertState.Acknowledged, ApiCaller.Of(context).Id, note, timeProvider.GetUtcNow(),
            cancellationToken: cancellationToken));
    }
}
