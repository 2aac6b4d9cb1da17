
namespace Auscult.Cli.Tests;

public class CliOptionsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("00:02:00", 120)]
    public void ParseDuration_AcceptsUnitsAndTimeSpans(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CliOptions.ParseDuration(text));

    [Theory]
    [InlineData("ten minutes")]
    [InlineData("-5m")]
    [InlineData("0s")]
    public void ParseDuration_RejectsOtherText(string text) =>
        Assert.ThrowsAny<AuscultException>(() => CliOptions.ParseDuration(text));
}
