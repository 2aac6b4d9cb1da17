using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Auscult.Server.Endpoints;

/// <summary>
/// Endpoint metadata for a body read as raw bytes, so the OpenAPI document describes it. (<c>Accepts</c> would also
/// make routing answer a wrong Content-Type with a bare 415; the endpoints answer it themselves, naming the problem.)
/// </summary>
/// <param name="MediaTypes">The media types the body may have.</param>
public sealed record BinaryBody(params string[] MediaTypes)
{
    /// <summary>Adds the request body of endpoints carrying <see cref="BinaryBody"/> to their OpenAPI operation.</summary>
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<BinaryBody>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.MediaTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
        }

        return Task.CompletedTask;
    }
}
