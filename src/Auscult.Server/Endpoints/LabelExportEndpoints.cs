using System.Globalization;
using Auscult.Server.Auth;
using Auscult.Server.Labels;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary><c>GET /labels/export</c>: the labelled clips as a zip that <c>auscult train --model classifier</c> reads.</summary>
public static class LabelExportEndpoints
{
    /// <summary>The header that counts labelled clips left out because their audio is gone.</summary>
    public const string MissingAudioHeader = "X-Auscult-Missing-Audio";

    public static IEndpointRouteBuilder MapLabelExportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/labels/export", ExportAsync).RequireAuthorization(Policies.Operator).WithTags("Alerts")
            .WithSummary("The labelled clips as a zip in the MIMII layout with a manifest of anomaly kinds (?machineType=&machineId=)")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return routes;
    }

    private static async Task<FileStreamHttpResult> ExportAsync(string? machineType, string? machineId, LabelExport export, FileStore files,
        HttpContext context, CancellationToken cancellationToken)
    {
        if ((machineType is not null && !Machines.MachineIds.IsValid(machineType)) || (machineId is not null && !Machines.MachineIds.IsValid(machineId)))
        {
            throw ProblemException.BadRequest("machineType and machineId are letters, digits, '.', '_' and '-'.");
        }

        // Built in a temporary file of the data folder, so memory stays small whatever the data set's size; the file
        // is deleted when the response has been sent (a crash meanwhile leaves it in tmp/).
        string temp = files.NewTempPath();
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var (_, missing) = await export.WriteZipAsync(stream, machineType, machineId, cancellationToken);
            stream.Position = 0;
            context.Response.Headers[MissingAudioHeader] = missing.ToString(CultureInfo.InvariantCulture);
            string name = $"auscult-labels{(machineType is null ? "" : "-" + machineType)}{(machineId is null ? "" : "-" + machineId)}.zip";
            return TypedResults.File(stream, "application/zip", name);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }
}
