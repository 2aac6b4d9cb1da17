using System.Buffers.Binary;
using System.Text;

namespace Auscult.Tests.Audio;

/// <summary>Crafts WAV files byte by byte, independently of <c>WavWriter</c>, so reader tests do not share its bugs.</summary>
internal static class WavBytes
{
    public const ushort Pcm = 1;
    public const ushort IeeeFloat = 3;
    public const ushort Extensible = 0xFFFE;

    /// <summary>"RIFF", size (computed unless given), "WAVE", then the chunks as given.</summary>
    public static byte[] Riff(params byte[][] chunks) => RiffWithSize(null, chunks);

    public static byte[] RiffWithSize(uint? riffSize, params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var bytes = new byte[12 + body.Length];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), riffSize ?? (uint)(4 + body.Length));
        Encoding.ASCII.GetBytes("WAVE").CopyTo(bytes, 8);
        body.CopyTo(bytes, 12);
        return bytes;
    }

    /// <summary>A chunk with its id, size and body, plus the pad byte when the size is odd.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        var bytes = new byte[8 + body.Length + (body.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>A 16-byte <c>fmt </c> chunk; block align and byte rate follow from the rest unless given.</summary>
    public static byte[] Fmt(ushort tag, int channels, int sampleRate, int bits, int? blockAlign = null) =>
        Chunk("fmt ", FmtBody(tag, channels, sampleRate, bits, blockAlign));

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE <c>fmt </c> chunk whose sub-format GUID carries <paramref name="subFormat"/>.</summary>
    public static byte[] FmtExtensible(ushort subFormat, int channels, int sampleRate, int bits, uint channelMask = 0)
    {
        var body = new byte[40];
        FmtBody(Extensible, channels, sampleRate, bits, null).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22); // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)bits); // valid bits
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channelMask);
        // {0000000X-0000-0010-8000-00AA00389B71}: the format code, then a fixed 14-byte tail.
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormat);
        tail.CopyTo(body.AsSpan(26));
        return Chunk("fmt ", body);
    }

    public static byte[] FmtBody(ushort tag, int channels, int sampleRate, int bits, int? blockAlign)
    {
        int align = blockAlign ?? channels * bits / 8;
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        return body;
    }

    public static byte[] DataChunk(byte[] samples) => Chunk("data", samples);

    public static byte[] Int16(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }

    public static byte[] Int24(params int[] values)
    {
        var bytes = new byte[values.Length * 3];
        for (int i = 0; i < values.Length; i++)
        {
            bytes[i * 3] = (byte)values[i];
            bytes[(i * 3) + 1] = (byte)(values[i] >> 8);
            bytes[(i * 3) + 2] = (byte)(values[i] >> 16);
        }

        return bytes;
    }

    public static byte[] Int32(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Float64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes;
    }

    /// <summary>A mono 16 kHz 16-bit file holding <paramref name="values"/>.</summary>
    public static byte[] MonoPcm16(params short[] values) => Riff(Fmt(Pcm, 1, 16000, 16), DataChunk(Int16(values)));
}
