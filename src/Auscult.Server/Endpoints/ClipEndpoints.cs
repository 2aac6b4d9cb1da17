using System.Globalization;
using Auscult.Server.Auth;
using Auscult.Server.Clips;
using Auscult.Server.Metrics;
using Auscult.Server.Retention;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Endpoints;

/// <summary>Posting clips and reading them back.</summary>
public static class ClipEndpoints
{
    /// <summary>The header carrying the sender's clip id (idempotency key).</summary>
    public const string ClipIdHeader = "X-Clip-Id";

    /// <summary>The header carrying the recording time (ISO 8601).</summary>
    public const string RecordedAtHeader = "X-Recorded-At";

    /// <summary>The header carrying an unknown machine's type (registers it).</summary>
    public const string MachineTypeHeader = "X-Machine-Type";

    private static readonly string[] WavMediaTypes = ["audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave"];

    public static IEndpointRouteBuilder MapClipEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Clips");
        group.MapPost("/machines/{machineId}/clips", PostClipAsync).RequireAuthorization(Policies.Device)
            .WithSummary("Stores and scores a clip (the WAV bytes as the body)")
            .WithMetadata(new BinaryBody(WavMediaTypes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .CountedAsClip();
        group.MapGet("/clips/{clipId}", GetClipAsync).RequireAuthorization(Policies.Operator).WithSummary("A stored clip with its scores");
        group.MapGet("/clips/{clipId}/audio", GetAudioAsync).RequireAuthorization(Policies.Operator).WithSummary("The clip's WAV file")
            .ProducesProblem(StatusCodes.Status410Gone);
        return routes;
    }

    private static async Task<Ok<ClipResult>> PostClipAsync(string machineId, HttpContext context, ClipIngestion ingestion, ClipAdmission admission,
        IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.Of(context);
        if (!caller.MayPostFor(machineId))
        {
            throw ProblemException.Forbidden($"This device key may not post clips for '{machineId}'; it may for: {string.Join(", ", caller.Machines)}.");
        }

        var request = context.Request;
        string? mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !WavMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            throw ProblemException.UnsupportedMediaType(
                $"A clip is sent as WAV bytes with Content-Type: audio/wav; this request's Content-Type is '{request.ContentType ?? "(none)"}'.");
        }

        using var turn = await admission.EnterAsync(cancellationToken);
        var (wav, rented) = await RequestBodies.RentAsync(context, options.Value.MaxClipBytes, "clip", "Auscult:MaxClipBytes", cancellationToken);
        try
        {
            var upload = new ClipUpload(machineId, wav, Header(request, ClipIdHeader), RecordedAt(request), Header(request, MachineTypeHeader), caller.Id);
            // Ingestion has hashed, decoded and written the bytes by the time it answers: nothing reads them afterwards.
            return TypedResults.Ok(await ingestion.IngestAsync(upload, cancellationToken));
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static async Task<Ok<ClipRecord>> GetClipAsync(string clipId, ClipStore clips, AudioRetention retention, CancellationToken cancellationToken)
    {
        var clip = await clips.GetAsync(clipId, cancellationToken) ?? throw ProblemException.NotFound($"There is no clip '{clipId}'.");
        return TypedResults.Ok(clip with { Audio = await retention.StatusAsync(clipId, cancellationToken) });
    }

    private static async Task<PhysicalFileHttpResult> GetAudioAsync(string clipId, ClipStore clips, FileStore files, AudioRetention retention,
        CancellationToken cancellationToken)
    {
        var audio = await clips.AudioOfAsync(clipId, cancellationToken) ?? throw ProblemException.NotFound($"There is no clip '{clipId}'.");
        if (audio.AudioPath is null || !files.Exists(audio.AudioPath))
        {
            throw AudioGone(clipId, await retention.StatusAsync(clipId, cancellationToken));
        }

        return TypedResults.PhysicalFile(files.FullPath(audio.AudioPath), "audio/wav", $"{clipId}.wav");
    }

    /// <summary>The 410 answer for a clip whose audio retention deleted (or that is missing from the data folder).</summary>
    internal static ProblemException AudioGone(string clipId, ClipAudio? status) =>
        new(StatusCodes.Status410Gone, "Audio deleted", status?.DeletedAt is { } at
            ? $"The audio of clip '{clipId}' was deleted by retention at {at:yyyy-MM-dd HH:mm:ss}Z (it keeps the audio of alerts, labels, anomalous clips and a sample of normal clips); its scores are kept."
            : $"The audio of clip '{clipId}' is no longer in the data folder; its scores are kept.");

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

    private static DateTimeOffset? RecordedAt(HttpRequest request)
    {
        string? text = Header(request, RecordedAtHeader);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw ProblemException.BadRequest($"{RecordedAtHeader} '{text}' is not an ISO 8601 time (e.g. 2026-12-02T08:15:00Z).");
    }
}
