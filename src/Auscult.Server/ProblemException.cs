namespace Auscult.Server;

/// <summary>
/// A request the service refuses, with the HTTP status and the problem in words; the exception handler answers it as
/// problem details (RFC 9457). Thrown by application services so endpoints stay a few lines.
/// </summary>
public sealed class ProblemException : Exception
{
    public ProblemException(int statusCode, string title, string detail) : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>A short summary of the kind of problem.</summary>
    public string Title { get; }

    public static ProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Body too large", detail);

    public static ProblemException UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static ProblemException Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, "Unprocessable content", detail);

    public static ProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>503: the service is busy; the client should retry after <paramref name="retryAfter"/>.</summary>
    public static ProblemException Busy(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, "Service busy", detail) { RetryAfter = retryAfter };

    /// <summary>When the client may retry (sent as <c>Retry-After</c>), if the problem is temporary.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
