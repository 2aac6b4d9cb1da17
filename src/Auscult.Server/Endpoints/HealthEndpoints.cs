using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the database answers and a model is active).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Health");
        group.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("live", null))).AllowAnonymous().WithSummary("Liveness");
        group.MapGet("/readyz", ReadyAsync).AllowAnonymous().WithSummary("Readiness: the database answers and a model is active");
        return routes;
    }

    private static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> ReadyAsync(AuscultDatabase database, ModelStore models,
        CancellationToken cancellationToken)
    {
        if (!await database.IsReachableAsync(cancellationToken))
        {
            return TypedResults.Problem($"The database ({database.Dialect.Describe()}) does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not ready");
        }

        if (!await models.AnyActiveAsync(cancellationToken))
        {
            return TypedResults.Problem(
                $"No model is active: clips are stored with the verdict no-model. Upload one (POST {ServerInfo.ApiPrefix}/models) and activate it.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        return TypedResults.Ok(new HealthStatus("ready", database.Dialect.Kind.ToString()));
    }
}
