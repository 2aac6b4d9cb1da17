using System.Text;
using Auscult.Features;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Features;

public class NpyFileTests
{
    private static FeatureMatrix Sample() => new([1.5f, -2f, 0f, float.Epsilon, 3.25e-7f, -1e30f], rows: 2, columns: 3);

    [Fact]
    public void Write_ThenRead_RoundTripsBitExact()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, Sample());
        stream.Position = 0;
        var back = NpyFile.Read(stream);
        Assert.Equal(2, back.Rows);
        Assert.Equal(3, back.Columns);
        Assert.Equal(Sample().Data, back.Data);
    }

    [Fact]
    public void Write_HeaderIsNumpyFormat10_AlignedTo64Bytes()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, Sample());
        byte[] bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59 }, bytes[..6]);
        Assert.Equal(1, bytes[6]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (2, 3)", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + (6 * 4), bytes.Length);
    }

    [Fact]
    public void Read_NotNpy_SaysSo()
    {
        using var stream = new MemoryStream("hello, world"u8.ToArray());
        var error = Assert.ThrowsAny<AuscultException>(() => NpyFile.Read(stream, "x.npy"));
        Assert.Equal("x.npy: not a .npy file.", error.Message);
    }

    [Fact]
    public void Write_ToFile_LeavesNoPartialFile()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("m.npy");
        NpyFile.Write(path, Sample());
        Assert.Equal(Sample().Data, NpyFile.Read(path).Data);
        Assert.Equal(["m.npy"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_IntoMissingFolder_NamesTheFolder()
    {
        using var temp = new TempFolder();
        string folder = temp.Combine("missing");
        var error = Assert.ThrowsAny<AuscultException>(() => NpyFile.Write(Path.Combine(folder, "m.npy"), Sample()));
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void FeatureCsv_WritesRowsWithInvariantRoundTripValues()
    {
        var writer = new StringWriter();
        FeatureCsv.Write(writer, new FeatureMatrix([0.1f, -2.5f, 1e-8f, 3f], 2, 2));
        Assert.Equal("0.1,-2.5\n1E-08,3\n", writer.ToString());
    }
}
