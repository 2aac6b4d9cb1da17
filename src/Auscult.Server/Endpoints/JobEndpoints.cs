using Auscult.Server.Auth;
using Auscult.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Endpoints;

/// <summary>Training jobs: what each machine type can train, starting, following, cancelling, promoting and discarding (admins only).</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/jobs").WithTags("Jobs").RequireAuthorization(Policies.Admin);
        group.MapGet("/offers", OffersAsync).WithSummary("Per machine type: its model, clips and labels, and which jobs it can start (and why not)");
        group.MapPost("/", StartAsync)
            .WithSummary("Queues a training job {kind: train-classifier|retrain-autoencoder|first-autoencoder, machineType}; nothing is activated when it ends")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync).WithSummary("The newest jobs first");
        group.MapGet("/{jobId}", GetAsync).WithSummary("A job: state, progress, error, the model it trained and its evaluation beside the active model's");
        group.MapGet("/{jobId}/report", ReportAsync).WithSummary("The comparison report (HTML) of a finished job").Produces(StatusCodes.Status200OK, contentType: "text/html");
        group.MapPost("/{jobId}/cancel", CancelAsync).WithSummary("Cancels a queued or running job");
        group.MapPost("/{jobId}/promote", PromoteAsync).WithSummary("Activates a succeeded job's model for its machine type");
        group.MapPost("/{jobId}/discard", DiscardAsync).WithSummary("Drops a succeeded job's model");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<JobOffer>>> OffersAsync(JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.OffersAsync(cancellationToken));

    private static async Task<Created<JobRecord>> StartAsync(JobRequest request, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.StartAsync(request, ApiCaller.Of(context).Id, cancellationToken);
        return TypedResults.Created($"{ServerInfo.ApiPrefix}/jobs/{job.Id}", job);
    }

    private static async Task<Ok<IReadOnlyList<JobRecord>>> ListAsync(JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.ListAsync(cancellationToken: cancellationToken));

    private static async Task<Ok<JobRecord>> GetAsync(string jobId, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.GetAsync(jobId, cancellationToken));

    private static async Task<PhysicalFileHttpResult> ReportAsync(string jobId, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken);
        return jobs.ReportPath(job.Id) is { } path
            ? TypedResults.PhysicalFile(path, "text/html; charset=utf-8")
            : throw ProblemException.NotFound($"Job {jobId} has no report: it is {WireNames.Of(job.State)}{(job.Evaluation?.Note is { } note ? ". " + note : ".")}");
    }

    private static async Task<Ok<JobRecord>> CancelAsync(string jobId, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.CancelAsync(jobId, cancellationToken));

    private static async Task<Ok<JobRecord>> PromoteAsync(string jobId, HttpContext context, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.PromoteAsync(jobId, ApiCaller.Of(context).Id, cancellationToken));

    private static async Task<Ok<JobRecord>> DiscardAsync(string jobId, HttpContext context, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.DiscardAsync(jobId, ApiCaller.Of(context).Id, cancellationToken));
}
