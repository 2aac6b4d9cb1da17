using Auscult.Server.Alerts;
using Auscult.Server.Alerting;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary>Reading alerts and an operator's decisions on them: acknowledge, confirm (a real fault, with its kind), reject (a false alarm).</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Alerts");
        group.MapGet("/alerts", ListAsync).RequireAuthorization(Policies.Operator).WithSummary("Alerts, newest first (?state=open&machineId=fan-01)");
        group.MapGet("/alerts/{alertId}", GetAsync).RequireAuthorization(Policies.Operator).WithSummary("An alert with its history and clips");
        group.MapPost("/alerts/{alertId}/acknowledge", AcknowledgeAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Acknowledges an open alert (it notifies no more until it clears)");
        group.MapPost("/alerts/{alertId}/confirm", ConfirmAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Confirms a real fault ({kind, note}); the alert's clips become anomalous labels of that kind");
        group.MapPost("/alerts/{alertId}/reject", RejectAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Rejects a false alarm ({note}); the alert's clips become normal labels");
        group.MapPost("/alerts/{alertId}/close", CloseAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Closes an alert by hand ({note}), e.g. after a repair; a new alert then needs new evidence");
        group.MapGet("/labels", LabelsAsync).RequireAuthorization(Policies.Operator).WithSummary("Labelled clips, newest first (?machineId=&label=normal|anomalous)");
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

    private static async Task<Ok<AlertRecord>> AcknowledgeAsync(string alertId, HttpContext context, MachineAlertService alerts, CancellationToken cancellationToken)
    {
        var body = await OptionalBodyAsync<AlertNote>(context, cancellationToken);
        return TypedResults.Ok(await alerts.DecideAsync(alertId, AlertState.Acknowledged, ApiCaller.Of(context).Id, null, body?.Note, cancellationToken));
    }

    private static async Task<Ok<AlertRecord>> ConfirmAsync(string alertId, HttpContext context, MachineAlertService alerts, CancellationToken cancellationToken)
    {
        var body = await OptionalBodyAsync<AlertConfirmation>(context, cancellationToken);
        string? kind = body?.Kind is null ? null : Machines.MachineIds.Require(body.Kind, "The fault kind");
        return TypedResults.Ok(await alerts.DecideAsync(alertId, AlertState.Confirmed, ApiCaller.Of(context).Id, kind, body?.Note, cancellationToken));
    }

    private static async Task<Ok<AlertRecord>> CloseAsync(string alertId, HttpContext context, MachineAlertService alerts, CancellationToken cancellationToken)
    {
        var body = await OptionalBodyAsync<AlertNote>(context, cancellationToken);
        return TypedResults.Ok(await alerts.DecideAsync(alertId, AlertState.Closed, ApiCaller.Of(context).Id, null, body?.Note, cancellationToken));
    }

    private static async Task<Ok<AlertRecord>> RejectAsync(string alertId, HttpContext context, MachineAlertService alerts, CancellationToken cancellationToken)
    {
        var body = await OptionalBodyAsync<AlertNote>(context, cancellationToken);
        return TypedResults.Ok(await alerts.DecideAsync(alertId, AlertState.Rejected, ApiCaller.Of(context).Id, null, body?.Note, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<Labels.LabelRecord>>> LabelsAsync(string? machineId, string? label, LabelStore labels,
        CancellationToken cancellationToken)
    {
        if (label is not null and not (LabelStore.Normal or LabelStore.Anomalous))
        {
            throw ProblemException.BadRequest($"'label' must be normal or anomalous; it is '{label}'.");
        }

        return TypedResults.Ok(await labels.ListAsync(machineId, label, cancellationToken: cancellationToken));
    }

    /// <summary>A JSON body that may be absent (curl -X POST without -d).</summary>
    private static async Task<T?> OptionalBodyAsync<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType)))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw ProblemException.UnsupportedMediaType($"The body must be JSON (Content-Type: application/json); it is '{request.ContentType}'.");
        }

        return await request.ReadFromJsonAsync<T>(cancellationToken);
    }
}
