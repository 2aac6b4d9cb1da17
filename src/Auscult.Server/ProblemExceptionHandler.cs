using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Auscult.Server;

/// <summary>
/// Where errors cross the HTTP boundary, once: <see cref="ProblemException"/> with its status, the libraries' typed
/// errors as 4xx, everything else as a 500 without internals. Every answer is problem details (RFC 9457).
/// </summary>
public sealed partial class ProblemExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ProblemExceptionHandler> _logger;

    public ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            ProblemException p => (p.StatusCode, p.Title, p.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "Body too large", "The request body is larger than the limit."),
            BadHttpRequestException { InnerException: JsonException j } => (400, "Bad request", $"The JSON body cannot be read: {j.Message}"),
            BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message),
            JsonException j => (400, "Bad request", $"The JSON body cannot be read: {j.Message}"),
            ModelException m => (StatusCodes.Status422UnprocessableEntity, "Model problem", m.Message),
            InputException i => (StatusCodes.Status422UnprocessableEntity, "Unprocessable content", i.Message),
            ConfigurationException c => (StatusCodes.Status500InternalServerError, "Configuration problem", c.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The service failed on this request; the log has the details."),
        };

        if (status >= 500)
        {
            LogFailure(_logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        if (exception is ProblemException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
