using System.Text;
using Auscult.Features;

namespace Auscult.Tests.Features;

public class NpyStackWriterTests
{
    [Fact]
    public void Blocks_AppendedThenCompleted_ReadBackAsOneMatrix_WithTheFinalRowCountInTheHeader()
    {
        using var stream = new MemoryStream();
        var writer = new NpyStackWriter(stream, columns: 3);
        writer.Append([1f, 2f, 3f]);
        writer.Append([]);
        writer.Append([4f, 5f, 6f, 7f, 8f, float.NegativeInfinity]);
        writer.Complete();

        Assert.Equal(3, writer.Rows);
        Assert.Equal(stream.Length, stream.Position);
        stream.Position = 0;
        FeatureMatrix back = NpyFile.Read(stream);
        Assert.Equal(3, back.Rows);
        Assert.Equal(3, back.Columns);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, float.NegativeInfinity], back.Data);
    }

    [Fact]
    public void Header_HasRoomForAnyRowCount_AndStaysNumpyAligned()
    {
        using var stream = new MemoryStream();
        var writer = new NpyStackWriter(stream, columns: 640);
        int before = HeaderLength(stream.ToArray());
        writer.Append(new float[640 * 2]);
        writer.Complete();
        byte[] bytes = stream.ToArray();

        int after = HeaderLength(bytes);
        Assert.Equal(before, after);
        Assert.Equal(0, (10 + after) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, after);
        Assert.Contains("'shape': (2, 640)", header);
        Assert.EndsWith(" \n", header);
        Assert.Equal(10 + after + (2 * 640 * 4), bytes.Length);
    }

    [Fact]
    public void NoRows_GiveAnEmptyMatrixOfTheColumns()
    {
        using var stream = new MemoryStream();
        new NpyStackWriter(stream, columns: 4).Complete();
        stream.Position = 0;

        FeatureMatrix back = NpyFile.Read(stream);

        Assert.Equal(0, back.Rows);
        Assert.Equal(4, back.Columns);
    }

    [Fact]
    public void Append_OfPartRows_IsRefused()
    {
        using var stream = new MemoryStream();
        var writer = new NpyStackWriter(stream, columns: 3);

        Assert.Throws<ArgumentException>(() => writer.Append([1f, 2f]));
    }

    [Fact]
    public void Append_AfterComplete_IsRefused()
    {
        using var stream = new MemoryStream();
        var writer = new NpyStackWriter(stream, columns: 1);
        writer.Complete();

        Assert.Throws<InvalidOperationException>(() => writer.Append([1f]));
    }

    [Fact]
    public void AStreamThatCannotSeek_IsRefused()
    {
        using var stream = new ForwardOnlyStream();

        var e = Assert.Throws<ArgumentException>(() => new NpyStackWriter(stream, columns: 1));
        Assert.Contains("seekable", e.Message);
    }

    private static int HeaderLength(byte[] bytes) => bytes[8] | (bytes[9] << 8);

    private sealed class ForwardOnlyStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
