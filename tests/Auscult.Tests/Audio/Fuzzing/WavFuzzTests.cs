using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Audio.Fuzzing;

/// <summary>
/// A short seeded run of <see cref="WavFuzzer"/> (the long run: <c>dotnet run -c Release --project
/// bench/Auscult.Benchmarks -- fuzz-wav 10000</c>).
/// </summary>
public sealed class WavFuzzTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Fuzz_500SeededCases_KeepTheContract()
    {
        var summary = new WavFuzzer(_temp.Path, seed: 1).Run(500);
        Assert.True(summary.Crashes == 0 && summary.Hangs == 0,
            summary + Environment.NewLine + string.Join(Environment.NewLine, summary.Failures.Take(10)));
        // Both answers must actually occur, or the mutations have stopped exercising the reader.
        Assert.InRange(summary.Accepted, 25, 475);
        Assert.InRange(summary.Refused, 25, 475);
    }
}
