using Auscult.Evaluation;
using Auscult.Server.Alerts;

namespace Auscult.Server.Tests.Alerts;

public class AlertCalibrationTests
{
    private static readonly AlertPolicy Calibrating = AlertPolicy.Default with { CalibrationEnabled = true };

    // A machine louder than its type: every normal clip scores 9 to 11 against the model's threshold of 5.
    private static double LoudScore(Random random) => 9 + (2 * random.NextDouble());

    [Fact]
    public void CalibrationIsOffByDefault()
    {
        var run = new AlertScript();
        run.Run("N");
        Assert.Equal(MachineState.Ok, run.State.State);
        Assert.Null(run.State.Calibration);
    }

    [Fact]
    public void AMachineLearnsForADay_WithoutAlerts_ThenFitsItsOwnGammaThreshold()
    {
        var run = new AlertScript(Calibrating);
        var random = new Random(12);
        var scores = new List<double>();

        // One clip every 5 minutes: the 289th comes exactly one day after the first.
        for (int i = 0; i < 289; i++)
        {
            double score = LoudScore(random);
            scores.Add(score);
            var outcome = run.Scored(score);
            if (i < 288)
            {
                Assert.Equal(MachineState.Learning, outcome.State.State);
            }
        }

        Assert.Empty(run.Changes);
        Assert.Equal(MachineState.Ok, run.State.State);
        Assert.True(run.Outcomes[^1].MachineStateChanged);
        Assert.Null(run.State.Calibration);
        var own = run.State.Threshold!;
        Assert.Equal(ThresholdSource.Calibrated, own.Source);
        Assert.Equal("model-a", own.ModelId);
        Assert.Equal(AlertEngine.SystemActor, own.By);
        Assert.Equal(ThresholdSelector.Gamma([.. scores], 0.9).Threshold, own.Value);
        Assert.Contains("gamma fitted to 289 clips", own.Detail);

        // From now on the machine's own threshold judges its clips, and alerts name it.
        var normal = run.Scored(10);
        Assert.Equal(new ClipAssessment(Verdict.Normal, own.Value, ThresholdSource.Calibrated, null), normal.Clip);
        run.Scored(13);
        var warned = run.Scored(13);
        Assert.Contains("calibrated for this machine", Assert.Single(warned.Changes).Alert.Reason);
    }

    [Fact]
    public void Learning_GoesOnPastThePeriodUntilItHasTheMinimumClips()
    {
        var run = new AlertScript(Calibrating with { CalibrationMinimumClips = 40 });
        run.Interval = TimeSpan.FromHours(1);
        var random = new Random(3);
        for (int i = 0; i < 39; i++)
        {
            run.Scored(LoudScore(random));
        }

        Assert.Equal(MachineState.Learning, run.State.State);
        run.Scored(LoudScore(random));
        Assert.Equal(ThresholdSource.Calibrated, run.State.Threshold!.Source);
    }

    [Fact]
    public void InputAlerts_StillWorkWhileLearning()
    {
        var run = new AlertScript(Calibrating);
        run.Run("NUU");
        Assert.Equal(AlertKinds.Input, Assert.Single(run.Changes).Alert.Kind);
        Assert.Equal(MachineState.InputFault, run.State.State);
        run.Run("NNN");
        Assert.Equal(MachineState.Learning, run.State.State);
    }

    [Fact]
    public void AFailedFit_KeepsTheModelsThreshold_AndSaysWhy()
    {
        var run = new AlertScript(Calibrating with { CalibrationPeriod = TimeSpan.FromHours(1), CalibrationMinimumClips = 3 });
        for (int i = 0; i < 13; i++)
        {
            run.Scored(4);
        }

        var own = run.State.Threshold!;
        Assert.Equal(ThresholdSource.Model, own.Source);
        Assert.Equal(AlertScript.Threshold, own.Value);
        Assert.Contains("failed", own.Detail);
        Assert.Contains("identical", own.Detail);
        Assert.Equal(MachineState.Ok, run.State.State);
    }

    [Fact]
    public void ANewModel_StartsLearningAgain()
    {
        var run = new AlertScript(Calibrating with { CalibrationPeriod = TimeSpan.FromHours(3), CalibrationMinimumClips = 3 });
        var random = new Random(5);
        for (int i = 0; i < 37; i++)
        {
            run.Scored(LoudScore(random));
        }

        Assert.Equal(MachineState.Ok, run.State.State);
        run.ModelId = "model-b";
        run.Scored(LoudScore(random));
        Assert.Equal(MachineState.Learning, run.State.State);
        Assert.Equal("model-b", run.State.Calibration!.ModelId);
        Assert.Null(run.Outcomes[^1].Clip!.ThresholdSource);
    }

    [Fact]
    public void AHandSetThreshold_EndsLearning_AndJudgesTheClips()
    {
        var run = new AlertScript(Calibrating);
        run.Run("N");
        Assert.Equal(MachineState.Learning, run.State.State);

        var set = run.Apply((engine, state) => engine.SetThreshold(state, "model-a", 7, "ana", "measured on site"));
        Assert.Equal(MachineState.Ok, set.State.State);
        Assert.Equal(new MachineThreshold("model-a", 7, ThresholdSource.Manual, run.Clock.GetUtcNow(), "ana", "measured on site"), set.State.Threshold);

        run.Run("AAA");
        Assert.Empty(run.Changes);
        Assert.Equal(7, run.Outcomes[^1].Clip!.Threshold);
        Assert.Equal(Verdict.Normal, run.Outcomes[^1].Clip!.Verdict);
        run.Scored(7.5);
        Assert.Contains("set by hand for this machine", run.Scored(7.5).Changes.Single().Alert.Reason);
    }

    [Fact]
    public void AHandSetThreshold_WorksWithoutCalibration_AndOnlyForItsModel()
    {
        var run = new AlertScript();
        run.Apply((engine, state) => engine.SetThreshold(state, "model-a", 7, "ana"));
        run.Run("AA");
        Assert.Empty(run.Changes);

        run.ModelId = "model-b";
        run.Run("AA");
        Assert.Single(run.Changes);
        Assert.Equal(AlertScript.Threshold, run.Outcomes[^1].Clip!.Threshold);
    }

    [Fact]
    public void RemovingTheOwnThreshold_RestartsLearning()
    {
        var run = new AlertScript(Calibrating);
        run.Apply((engine, state) => engine.SetThreshold(state, "model-a", 7, "ana"));
        run.Run("N");
        Assert.Equal(MachineState.Ok, run.State.State);
        run.Apply((engine, state) => engine.SetThreshold(state, "model-a", null, "ana"));
        run.Run("N");
        Assert.Equal(MachineState.Learning, run.State.State);
    }

    [Fact]
    public void APerMachineSetting_OverridesThePolicy()
    {
        var on = new AlertScript();
        on.Apply((engine, state) => engine.SetCalibration(state, true));
        on.Run("N");
        Assert.Equal(MachineState.Learning, on.State.State);
        on.Apply((engine, state) => engine.SetCalibration(state, false));
        Assert.Equal(MachineState.Ok, on.State.State);
        Assert.Null(on.State.Calibration);
    }

    [Fact]
    public void ConfirmingAnAlert_DropsItsClipsFromTheCalibration()
    {
        // An alarm opened before learning keeps taking clips during it; confirming it says they were not normal.
        var run = new AlertScript();
        run.Run("H");
        run.Apply((engine, state) => engine.SetCalibration(state, true));
        run.Run("AAN");
        Assert.Equal(MachineState.Alarm, run.State.State);
        Assert.Equal(3, run.State.Calibration!.Samples.Count);
        Assert.Equal(2, run.State.Calibration.Samples.Count(s => s.AlertId == run.OpenMachineAlert!.Id));

        run.Apply((engine, state) => engine.Confirm(state, run.OpenMachineAlert!.Id, "bo"));
        Assert.Equal(["clip-0004"], run.State.Calibration!.Samples.Select(s => s.ClipId));
    }

    [Fact]
    public void ASetThresholdMustBeFinite()
    {
        var run = new AlertScript();
        var e = Assert.Throws<InputException>(() => run.Engine.SetThreshold(run.State, "model-a", double.NaN, "ana"));
        Assert.Contains("fan-01", e.Message);
    }
}
