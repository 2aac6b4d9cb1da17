using Auscult.Server.Dashboard;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>The relay's notification text.</summary>
public sealed class MachineChangeRelayTests
{
    [Fact]
    public void APayload_FromAnotherInstance_IsTheChange()
    {
        string payload = MachineChangeRelay.Payload("a1", new MachineChange("fan-01", "clip-9"));

        Assert.Equal(new MachineChange("fan-01", "clip-9"), MachineChangeRelay.Parse(payload, "b2"));
        Assert.Equal(new MachineChange("fan-01", null), MachineChangeRelay.Parse(MachineChangeRelay.Payload("a1", new MachineChange("fan-01", null)), "b2"));
    }

    [Theory]
    [InlineData("a1\nfan-01\nclip-9")]
    [InlineData("a1\n\nclip-9")]
    [InlineData("garbage")]
    public void APayload_OfThisInstance_OrMalformed_IsSkipped(string payload) => Assert.Null(MachineChangeRelay.Parse(payload, "a1"));
}
