namespace Auscult.Server.Storage;

/// <summary>The databases Auscult stores in.</summary>
public enum DatabaseKind
{
    /// <summary>The embedded default: one SQLite file in the data folder (WAL mode).</summary>
    Sqlite,

    /// <summary>PostgreSQL, shared by any number of instances.</summary>
    PostgreSql,
}
