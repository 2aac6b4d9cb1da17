using Auscult.Server.Alerting;
using Auscult.Server.Auth;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary>A machine's own decision threshold, set by hand (its calibration is a machine option).</summary>
public static class ThresholdEndpoints
{
    public static IEndpointRouteBuilder MapThresholdEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(string.Empty).WithTags("Machines")
            .MapPut("/machines/{machineId}/threshold", SetAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Sets the machine's own threshold for its active model ({threshold, note}); {threshold: null} returns to the model's");
        return routes;
    }

    private static async Task<Ok<MachineView>> SetAsync(string machineId, ThresholdSetting setting, HttpContext context, MachineStore machines, ModelStore models,
        MachineAlertService alerts, MachineStatus status, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var machine = await machines.GetAsync(machineId, cancellationToken)
            ?? throw ProblemException.NotFound($"The machine '{machineId}' is not registered (PUT {ServerInfo.ApiPrefix}/machines/{machineId} registers it).");
        var model = await models.ActiveForAsync(machine.Id, machine.MachineType, cancellationToken);
        if (model is null && setting.Threshold is not null)
        {
            throw ProblemException.Conflict(
                $"No model is active for '{machineId}': a threshold is on a model's score scale, so activate one first (POST {ServerInfo.ApiPrefix}/models/{{id}}/activate).");
        }

        var options = machine.Options with { Threshold = setting.Threshold };
        var (updated, _) = await machines.UpsertAsync(machineId, new MachineRegistration(machine.MachineType, machine.Name, machine.Site, machine.Tags, options),
            timeProvider.GetUtcNow(), cancellationToken);
        await alerts.ApplyOptionsAsync(machineId, options.Calibrate, model?.Id, setting.Threshold, removeThreshold: true, ApiCaller.Of(context).Id, setting.Note,
            cancellationToken);
        return TypedResults.Ok(await status.ViewAsync(updated, cancellationToken));
    }
}
