using Auscult.Audio;
using Auscult.Data.Scenarios;
using Auscult.Drift;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

public sealed class ScenarioGeneratorTests
{
    private static ScenarioOptions Short(DriftScenario scenario) => new()
    {
        Scenario = scenario,
        Days = 2,
        Machines = 2,
        ClipDuration = TimeSpan.FromSeconds(0.5),
    };

    [Fact]
    public void Plan_HasOneClipEveryFiveMinutesPerMachine()
    {
        var clips = ScenarioGenerator.Plan(Short(DriftScenario.Steady));

        Assert.Equal(2 * 2 * 288, clips.Count);
        var m01 = clips.Where(c => c.MachineId == "m01").ToList();
        Assert.All(m01.Zip(m01.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(5), pair.Second.RecordedAt - pair.First.RecordedAt));
        Assert.Equal("m01/20260105T000000Z.wav", clips[0].RelativePath);
    }

    [Fact]
    public void OfflineGap_DropsOneDayOfTheFirstMachineOnly()
    {
        var clips = ScenarioGenerator.Plan(Short(DriftScenario.OfflineGap) with { Days = 3 });

        Assert.Equal(2 * 288, clips.Count(c => c.MachineId == "m01"));
        Assert.Equal(3 * 288, clips.Count(c => c.MachineId == "m02"));
    }

    [Fact]
    public void Event_NamesCauseAndStartOnTheMiddleDay()
    {
        ScenarioEvent e = ScenarioGenerator.Event(Short(DriftScenario.SpeedChange) with { Days = 4 })!;

        Assert.Equal(DriftCause.OperatingPoint, e.ExpectedCause);
        Assert.Equal(new DateTimeOffset(2026, 1, 7, 0, 0, 0, TimeSpan.Zero), e.Start);
        Assert.Equal(["m01"], e.MachineIds);
        Assert.Null(ScenarioGenerator.Event(Short(DriftScenario.Steady)));
    }

    [Fact]
    public void MicGainDrop_LowersTheLevelByTwelveDecibels()
    {
        var options = Short(DriftScenario.MicGainDrop);
        var clips = ScenarioGenerator.Plan(options);
        ScenarioClip after = clips.First(c => c.MachineId == "m01" && c.GainDb != 0);
        var generator = new ScenarioGenerator();

        double dropped = Rms(generator.Render(after)), clean = Rms(generator.Render(after with { GainDb = 0 }));

        Assert.Equal(-12, 20 * Math.Log10(dropped / clean), 2);
    }

    [Fact]
    public void Render_IsDeterministic()
    {
        var clip = ScenarioGenerator.Plan(Short(DriftScenario.BackgroundRise))[700];

        Assert.Equal(new ScenarioGenerator().Render(clip).Interleaved.ToArray(), new ScenarioGenerator().Render(clip).Interleaved.ToArray());
    }

    [Fact]
    public void Write_WritesClipsAndAManifestThatReadsBack()
    {
        using var folder = new TempFolder();
        var options = Short(DriftScenario.MicFouled) with { Days = 1, EventDay = 0, Machines = 1, Interval = TimeSpan.FromHours(2) };

        ScenarioManifest written = new ScenarioGenerator().Write(options, folder.Path);
        ScenarioManifest? read = ScenarioGenerator.ReadManifest(folder.Path);

        Assert.Equal(12, written.ClipCount);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(folder.Path, "m01"), "*.wav").Length);
        Assert.NotNull(read);
        Assert.Equal("mic-fouled", read.Scenario);
        Assert.Equal(DriftCause.Environment, Assert.Single(read.Events).ExpectedCause);
        Assert.Contains("\"expectedCause\": \"environment\"", File.ReadAllText(Path.Combine(folder.Path, ScenarioManifest.FileName)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("steady", DriftScenario.Steady)]
    [InlineData("Growing-Fault", DriftScenario.GrowingFault)]
    [InlineData("offline-gap", DriftScenario.OfflineGap)]
    public void Names_ParseCaseInsensitively(string name, DriftScenario expected)
    {
        Assert.Equal(expected, ScenarioNames.Parse(name));
        Assert.Equal(name.ToLowerInvariant(), expected.ToName());
    }

    [Fact]
    public void UnknownName_IsRefusedWithTheList()
    {
        var error = Assert.Throws<InputException>(() => ScenarioNames.Parse("windy"));

        Assert.Contains("mic-gain-drop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpeedChangeOfAValve_IsRefused()
    {
        var options = Short(DriftScenario.SpeedChange) with { MachineType = Auscult.Data.Synthesis.MachineType.Valve };

        Assert.Throws<ConfigurationException>(options.Validate);
    }

    private static double Rms(AudioClip clip)
    {
        double sum = 0;
        foreach (float x in clip.Interleaved)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum / clip.Interleaved.Length);
    }
}
