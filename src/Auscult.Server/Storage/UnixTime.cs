namespace Auscult.Server.Storage;

/// <summary>The database's time format: milliseconds since the Unix epoch, UTC.</summary>
internal static class UnixTime
{
    public static long Of(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset? From(long? milliseconds) => milliseconds is long ms ? From(ms) : null;
}
