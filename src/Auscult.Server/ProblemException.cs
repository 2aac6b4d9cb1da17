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
}
