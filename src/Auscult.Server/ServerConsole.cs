namespace Auscult.Server;

/// <summary>Where the service prints what its operator must see once (its URL, the first admin key): the CLI's output.</summary>
/// <param name="Output">The writer; standard output by default.</param>
public sealed record ServerConsole(TextWriter Output);
