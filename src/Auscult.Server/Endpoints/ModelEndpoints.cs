using Auscult.Server.Auth;
using Auscult.Server.Models;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Endpoints;

/// <summary>Uploading, listing and activating model bundles.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Models");
        group.MapPost("/models", UploadAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Uploads a model bundle (the .auscult file as the body); answers its id (SHA-256), kind, machine type and metrics")
            .WithMetadata(new BinaryBody("application/octet-stream"))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/models", ListAsync).RequireAuthorization(Policies.Operator).WithSummary("Every model with its activations");
        group.MapGet("/models/{modelId}", GetAsync).RequireAuthorization(Policies.Operator).WithSummary("A model");
        group.MapPost("/models/{modelId}/activate", ActivateAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Activates a model for a machine type ({machineType}) or one machine ({machineId})");
        return routes;
    }

    private static async Task<Results<Created<ModelRecord>, Ok<ModelRecord>>> UploadAsync(HttpContext context, ModelRegistry registry,
        IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        long max = options.Value.MaxModelBytes;
        if (context.Request.ContentLength > max)
        {
            throw ProblemException.TooLarge($"The model bundle is {context.Request.ContentLength} bytes; at most {max} are accepted (Auscult:MaxModelBytes).");
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }

        var (model, created) = await registry.UploadAsync(context.Request.Body, max, ApiCaller.Of(context).Id, cancellationToken);
        return created ? TypedResults.Created($"{ServerInfo.ApiPrefix}/models/{model.Id}", model) : TypedResults.Ok(model);
    }

    private static async Task<Ok<ModelList>> ListAsync(ModelStore models, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ModelList(await models.ListAsync(cancellationToken), await models.ActivationsAsync(cancellationToken)));

    private static async Task<Ok<ModelRecord>> GetAsync(string modelId, ModelStore models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.GetAsync(modelId, cancellationToken) ?? throw ProblemException.NotFound($"There is no model '{modelId}'."));

    private static async Task<Ok<ModelActivation>> ActivateAsync(string modelId, ActivationRequest request, HttpContext context, ModelRegistry registry,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ActivateAsync(modelId, request, ApiCaller.Of(context).Id, cancellationToken));
}
