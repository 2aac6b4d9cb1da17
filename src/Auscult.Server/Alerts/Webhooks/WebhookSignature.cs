using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Auscult.Server.Alerts.Webhooks;

/// <summary>
/// Signs and verifies webhook requests. The signature header is <c>X-Auscult-Signature: sha256=HEX</c>: the lower-case
/// hex HMAC-SHA256, keyed with the receiver's secret (UTF-8), of the ASCII timestamp of <c>X-Auscult-Timestamp</c>
/// (Unix seconds), a dot, and the exact body bytes.
/// </summary>
/// <remarks>
/// The timestamp is inside the signed bytes so that it cannot be changed: a receiver that checks the signature and
/// refuses timestamps older than a few minutes (<see cref="Verify"/>) cannot be replayed a captured request later.
/// Retries are new requests with a new timestamp and the same event id (<c>X-Auscult-Event-Id</c>) for de-duplication.
/// To verify by hand: <c>printf '%s.' "$TS" | cat - body.json | openssl dgst -sha256 -hmac "$SECRET"</c>.
/// </remarks>
public static class WebhookSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Auscult-Signature";

    /// <summary>The timestamp header: Unix seconds when the attempt was sent.</summary>
    public const string TimestampHeader = "X-Auscult-Timestamp";

    /// <summary>The event id header (the same for every attempt of an event).</summary>
    public const string EventIdHeader = "X-Auscult-Event-Id";

    /// <summary>The event type header, e.g. <c>alert.opened</c>.</summary>
    public const string EventTypeHeader = "X-Auscult-Event";

    /// <summary>How far a timestamp may lie from the receiver's clock by default in <see cref="Verify"/>.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value <c>sha256=HEX</c> for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        string prefix = timestamp.ToString(CultureInfo.InvariantCulture) + ".";
        byte[] signed = new byte[Encoding.ASCII.GetByteCount(prefix) + body.Length];
        int written = Encoding.ASCII.GetBytes(prefix, signed);
        body.CopyTo(signed.AsSpan(written));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// Whether a received request is authentic and fresh: the signature matches (compared in constant time) and the
    /// timestamp lies within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(secret) || signatureHeader is null
            || !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp))
        {
            return false;
        }

        long age = now.ToUnixTimeSeconds() - timestamp;
        if (Math.Abs(age) > (long)(tolerance ?? DefaultTolerance).TotalSeconds)
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        byte[] actual = Encoding.ASCII.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
