using Auscult.Server.Alerts;

namespace Auscult.Server.Tests.Alerts;

public class AlertJsonTests
{
    [Fact]
    public void AMachinesState_RoundTripsThroughJson()
    {
        var run = new AlertScript(AlertPolicy.Default with { CalibrationEnabled = true });
        run.Apply((engine, state) => engine.SetCalibration(state, false));
        run.Run("HAUUN");
        run.Apply((engine, state) => engine.Acknowledge(state, state.MachineAlert!.Id, "ana"));
        run.Apply((engine, state) => engine.SetThreshold(state, "model-a", 6.5, "ana", "by ear"));

        string json = AlertJson.Serialize(run.State);
        var back = AlertJson.DeserializeState(json);

        Assert.Equal(json, AlertJson.Serialize(back));
        Assert.Equal(2, back.OpenAlerts.Count);
        Assert.Equal(run.State.OpenAlerts[0].History, back.OpenAlerts[0].History);
        Assert.Contains("\"kind\":\"input\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"acknowledged\"", json, StringComparison.Ordinal);
        Assert.Contains("\"severity\":\"alarm\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"manual\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AStateThatIsNotJson_IsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => AlertJson.DeserializeState("{\"machineId\": 3"));
        Assert.StartsWith("The stored machine alert state is not valid", e.Message);
    }

    [Theory]
    [InlineData(Verdict.InputUnfit, "input-unfit")]
    [InlineData(Verdict.NoModel, "no-model")]
    [InlineData(Verdict.Normal, "normal")]
    public void Verdicts_UseTheSharedNames(Verdict verdict, string name)
    {
        Assert.Equal(name, WireNames.Of(verdict));
        Assert.Equal(verdict, WireNames.Parse<Verdict>(name));
    }

    [Fact]
    public void MachineStates_UseTheSharedNames() =>
        Assert.Equal(["ok", "learning", "warning", "alarm", "input-fault", "offline", "no-data"], Enum.GetValues<MachineState>().Select(WireNames.Of));

    [Fact]
    public void AlertStates_UseTheSharedNames() =>
        Assert.Equal(["open", "acknowledged", "confirmed", "rejected", "closed"], Enum.GetValues<AlertState>().Select(WireNames.Of));

    [Fact]
    public void AnUnknownName_IsRefused_ListingTheNames()
    {
        var e = Assert.Throws<InputException>(() => WireNames.Parse<AlertState>("Open"));
        Assert.Equal("'Open' is not a valid AlertState name; expected one of open, acknowledged, confirmed, rejected, closed.", e.Message);
    }
}
