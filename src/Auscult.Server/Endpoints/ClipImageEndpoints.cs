using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary><c>/clips/{id}/spectrogram.png</c> and <c>/clips/{id}/anomaly-map.png</c>: pictures of a stored clip.</summary>
public static class ClipImageEndpoints
{
    /// <summary>Browsers may reuse a picture for five minutes: a clip's audio does not change, but the model drawing it may.</summary>
    private const string CacheControl = "private, max-age=300";

    public static IEndpointRouteBuilder MapClipImageEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Clips");
        group.MapGet("/clips/{clipId}/spectrogram.png", SpectrogramAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("The clip's log-mel spectrogram (PNG; the scoring model's features, else the defaults)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/clips/{clipId}/anomaly-map.png", AnomalyMapAsync).RequireAuthorization(Policies.Operator)
            .WithSummary("Where in time and frequency an autoencoder's score comes from (PNG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    private static async Task<FileContentHttpResult> SpectrogramAsync(string clipId, ClipImages images, HttpContext context, CancellationToken cancellationToken)
    {
        byte[] png = await images.SpectrogramPngAsync(clipId, cancellationToken);
        context.Response.Headers.CacheControl = CacheControl;
        return TypedResults.File(png, "image/png");
    }

    private static async Task<FileContentHttpResult> AnomalyMapAsync(string clipId, ClipImages images, HttpContext context, CancellationToken cancellationToken)
    {
        byte[] png = await images.AnomalyMapPngAsync(clipId, cancellationToken);
        context.Response.Headers.CacheControl = CacheControl;
        return TypedResults.File(png, "image/png");
    }
}
