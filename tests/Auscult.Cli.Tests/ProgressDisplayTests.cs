using Microsoft.Extensions.Time.Testing;

namespace Auscult.Cli.Tests;

public class ProgressDisplayTests
{
    [Fact]
    public async Task Piped_WritesPlainLinesAtMostOncePerInterval_AndAFinalLine()
    {
        var output = new StringWriter();
        var time = new FakeTimeProvider();
        var display = new ProgressDisplay(output, interactive: false, time, TimeSpan.FromSeconds(2));

        int result = await display.RunAsync("features", 10, progress =>
        {
            for (int done = 1; done <= 10; done++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                progress.Report(done);
            }

            return Task.FromResult(42);
        });

        Assert.Equal(42, result);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["features: 2/10 (20%)", "features: 4/10 (40%)", "features: 6/10 (60%)", "features: 8/10 (80%)", "features: 10/10 (100%)"], lines);
    }
}
