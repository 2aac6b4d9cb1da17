using System.Buffers;
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

        if (request.ContentLength is long declared)
        {
            // The declared length is within the limit (checked above) and the server ends the body there: read straight
            // into an array of that size, without a second copy. (A body that ends early is the server's 400.)
            byte[] exact = new byte[declared];
            int filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return exact.AsMemory(0, filled);
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

    /// <summary>
    /// As <see cref="ReadAsync"/>, but a body with a declared length is read into an array rented from
    /// <see cref="ArrayPool{T}.Shared"/> (a clip is a large-object allocation otherwise): give <c>Rented</c> back with
    /// <see cref="ArrayPool{T}.Return"/> once nothing reads the bytes any more.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Body, byte[]? Rented)> RentAsync(HttpContext context, long maxBytes, string what, string setting,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength is not long declared || declared > maxBytes || declared == 0)
        {
            return (await ReadAsync(context, maxBytes, what, setting, cancellationToken), null);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent((int)declared);
        try
        {
            int filled = 0;
            int got;
            while (filled < declared && (got = await request.Body.ReadAsync(rented.AsMemory(filled, (int)declared - filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return (rented.AsMemory(0, filled), rented);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    private static ProblemException TooLarge(long? length, long maxBytes, string what, string setting) => ProblemException.TooLarge(
        $"The {what} is {(length is long l ? $"{l} bytes" : "larger than the limit")}; at most {maxBytes} bytes are accepted ({setting}).");
}
