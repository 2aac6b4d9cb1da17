using Microsoft.AspNetCore.Http.Features;

namespace Auscult.Server.Endpoints;

/// <summary>Reads request bodies into memory with a size limit, refusing the excess as soon as it arrives.</summary>
internal static class RequestBodies
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, long maxBytes, string what, string setting, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(request.ContentLength.Value, maxBytes, what, setting);
        }

        // Let the server read up to our limit (Kestrel's own default is 30 MB), so our check is the one that answers.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream(request.ContentLength is long length ? (int)Math.Min(length, maxBytes) : 1 << 16);
        byte[] chunk = new byte[1 << 16];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(null, maxBytes, what, setting);
            }

            buffer.Write(chunk, 0, read);
        }

        // The stream's own array, without a copy (it stays valid after the stream is disposed).
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static ProblemException TooLarge(long? length, long maxBytes, string what, string setting) => ProblemException.TooLarge(
        $"The {what} is {(length is long l ? $"{l} bytes" : "larger than the limit")}; at most {maxBytes} bytes are accepted ({setting}).");
}
