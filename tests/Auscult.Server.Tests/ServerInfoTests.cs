namespace Auscult.Server.Tests;

public class ServerInfoTests
{
    [Fact]
    public void TheApiIsVersioned() => Assert.Equal("/api/v1", ServerInfo.ApiPrefix);
}
