using System.Buffers.Binary;

namespace Auscult.Reports;

/// <summary>Reads the size of a PNG from its header, without decoding it.</summary>
public static class PngInfo
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the 8-byte PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>The width and height (pixels) from the IHDR chunk, which a valid PNG has first.</summary>
    /// <exception cref="AuscultException">The bytes are not a PNG with an IHDR chunk.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> bytes)
    {
        // signature (8) + chunk length (4) + "IHDR" (4) + width (4) + height (4)
        if (bytes.Length < 24 || !HasSignature(bytes) || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InputException("Not a PNG image: the signature or the IHDR header is missing.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(20, 4)));
    }
}
