using Auscult.Server;

// The service on its own (`dotnet Auscult.Server.dll --Auscult:DataDirectory=...`); `auscult serve` runs the same host.
var app = AuscultServer.Build(AuscultServer.CreateBuilder(args));
await app.RunAsync();
