namespace Auscult.Server.Metrics;

/// <summary>Why a posted clip was refused (the <c>reason</c> label of <c>auscult_clips_refused_total</c>).</summary>
public enum ClipRefusal
{
    /// <summary>400: an empty body, a bad header or id.</summary>
    BadRequest,

    /// <summary>401: no key, or a wrong or revoked one.</summary>
    Unauthorized,

    /// <summary>403: a key that may not post for the machine.</summary>
    Forbidden,

    /// <summary>404: an unknown machine posted without its type.</summary>
    UnknownMachine,

    /// <summary>413: a body over the limit.</summary>
    TooLarge,

    /// <summary>415: not sent as audio/wav.</summary>
    UnsupportedMediaType,

    /// <summary>422: bytes that are not a readable WAV file, or a clip the model's features cannot use.</summary>
    Unprocessable,

    /// <summary>429: the key's rate limit.</summary>
    RateLimited,

    /// <summary>Any other 4xx.</summary>
    OtherClientError,

    /// <summary>5xx: the service failed.</summary>
    ServerError,
}
