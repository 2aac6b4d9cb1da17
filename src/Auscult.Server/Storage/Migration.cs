namespace Auscult.Server.Storage;

/// <summary>One schema migration: its version, name and SQL.</summary>
public sealed record Migration(int Version, string Name, string Sql);
