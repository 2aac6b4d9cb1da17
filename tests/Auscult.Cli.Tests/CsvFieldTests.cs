
namespace Auscult.Cli.Tests;

public class CsvFieldTests
{
    [Theory]
    [InlineData("fan/id_00/a.wav", "fan/id_00/a.wav")]
    [InlineData("a,b.wav", "\"a,b.wav\"")]
    [InlineData("say \"hi\".wav", "\"say \"\"hi\"\".wav\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    public void Of_QuotesOnlyWhenNeeded(string text, string expected) => Assert.Equal(expected, CsvField.Of(text));
}
