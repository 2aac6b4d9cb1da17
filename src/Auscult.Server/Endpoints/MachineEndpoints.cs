using Auscult.Server.Alerting;
using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Auscult.Server.Drift;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary>Registering machines and reading their state and scores.</summary>
public static class MachineEndpoints
{
    /// <summary>The most scores one request returns.</summary>
    public const int MaxScores = 10_000;

    public static IEndpointRouteBuilder MapMachineEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Machines");
        group.MapGet("/machines", ListAsync).RequireAuthorization(Policies.Operator).WithSummary("Every machine with its state");
        group.MapGet("/machines/{machineId}", GetAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("A machine: its state, newest score, active model and open alerts");
        group.MapPut("/machines/{machineId}", RegisterAsync).RequireAuthorization(Policies.Admin).WithSummary("Registers or updates a machine");
        group.MapPost("/machines/{machineId}", RegisterAsync).RequireAuthorization(Policies.Admin).WithSummary("Registers or updates a machine");
        group.MapGet("/machines/{machineId}/scores", ScoresAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("A machine's scores with clip times in [from, to) (ISO 8601; default the last 24 hours)");
        // Left out of the OpenAPI document for now: generating the schema of MachineDriftView fails the whole document
        // (a 500 on /openapi/v1.json; not yet found which member of the drift records the generator cannot describe).
        group.MapGet("/machines/{machineId}/drift", DriftAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("A machine's drift against its active model's reference: the current cause, evidence and recommendation, and the last day's hourly windows")
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<MachineView>>> ListAsync(string? site, string? machineType, MachineStore machines, MachineStatus status,
        CancellationToken cancellationToken)
    {
        var views = new List<MachineView>();
        foreach (var machine in await machines.ListAsync(site, machineType, cancellationToken))
        {
            views.Add(await status.ViewAsync(machine, cancellationToken));
        }

        return TypedResults.Ok<IReadOnlyList<MachineView>>(views);
    }

    private static async Task<Ok<MachineView>> GetAsync(string machineId, MachineStore machines, MachineStatus status, CancellationToken cancellationToken)
    {
        var machine = await machines.GetAsync(machineId, cancellationToken) ?? throw UnknownMachine(machineId);
        return TypedResults.Ok(await status.ViewAsync(machine, cancellationToken));
    }

    private static async Task<Results<Created<Machine>, Ok<Machine>>> RegisterAsync(string machineId, MachineRegistration registration,
        MachineStore machines, ModelStore models, MachineAlertService alerts, HttpContext context, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        MachineIds.Require(machineId, "The machine id");
        MachineIds.Require(registration.MachineType, "machineType");
        if (registration.Options?.Threshold is double threshold && !double.IsFinite(threshold))
        {
            throw ProblemException.BadRequest($"options.threshold must be a finite number; it is {threshold}.");
        }

        var (machine, created) = await machines.UpsertAsync(machineId, registration, timeProvider.GetUtcNow(), cancellationToken);
        // The machine's own calibration setting and hand-set threshold (for its active model) go to its alert state.
        var model = await models.ActiveForAsync(machine.Id, machine.MachineType, cancellationToken);
        await alerts.ApplyOptionsAsync(machine.Id, machine.Options.Calibrate, model?.Id, machine.Options.Threshold, removeThreshold: false,
            ApiCaller.Of(context).Id, null, cancellationToken);
        return created ? TypedResults.Created($"{ServerInfo.ApiPrefix}/machines/{machineId}", machine) : TypedResults.Ok(machine);
    }

    private static async Task<Ok<IReadOnlyList<ScorePoint>>> ScoresAsync(string machineId, DateTimeOffset? from, DateTimeOffset? to, int? limit,
        MachineStore machines, ClipStore clips, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _ = await machines.GetAsync(machineId, cancellationToken) ?? throw UnknownMachine(machineId);
        var end = to ?? timeProvider.GetUtcNow().AddMilliseconds(1);
        var start = from ?? end.AddDays(-1);
        if (start >= end)
        {
            throw ProblemException.BadRequest($"'from' ({start:O}) must be before 'to' ({end:O}).");
        }

        if (limit is < 1 or > MaxScores)
        {
            throw ProblemException.BadRequest($"'limit' must be between 1 and {MaxScores}.");
        }

        return TypedResults.Ok(await clips.ScoresAsync(machineId, start, end, limit ?? MaxScores, cancellationToken));
    }

    private static async Task<Ok<MachineDriftView>> DriftAsync(string machineId, MachineDriftService drift, CancellationToken cancellationToken) =>
        TypedResults.Ok(await drift.GetAsync(machineId, cancellationToken) ?? throw UnknownMachine(machineId));

    private static ProblemException UnknownMachine(string machineId) => ProblemException.NotFound(
        $"The machine '{machineId}' is not registered (PUT {ServerInfo.ApiPrefix}/machines/{machineId} with {{\"machineType\": \"...\"}} registers it).");
}
