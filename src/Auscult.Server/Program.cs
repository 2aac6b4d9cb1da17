using Auscult.Server;
using Auscult.Torch;

// The service on its own (`dotnet Auscult.Server.dll --Auscult:DataDirectory=...`); `auscult serve` runs the same host.
// Each request scores on its own thread: one torch intra-op thread apiece (the CLI makes the same choice).
TorchRuntime.Configure(TorchThreads.Default);
var app = AuscultServer.Build(AuscultServer.CreateBuilder(args));
await app.RunAsync();
