namespace Auscult.Server;

/// <summary>
/// This running service among the instances that share one database: its id is stored with every score it makes
/// (<c>scores.instance_id</c>).
/// </summary>
public sealed class ServerInstance
{
    /// <summary>The longest instance id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <param name="id">The configured id (<see cref="ServerOptions.InstanceId"/>), or null for <see cref="DefaultId"/>.</param>
    public ServerInstance(string? id = null) => Id = string.IsNullOrWhiteSpace(id) ? DefaultId() : id;

    /// <summary>The instance's id.</summary>
    public string Id { get; }

    /// <summary>The host name and the process id, e.g. <c>scorer-a:4242</c>: unique among the processes alive at one time.</summary>
    public static string DefaultId()
    {
        string id = $"{Environment.MachineName}:{Environment.ProcessId}";
        return id.Length <= MaxIdLength ? id : id[^MaxIdLength..];
    }

    /// <summary>Whether <paramref name="id"/> is an acceptable configured id: 1-64 printable characters without spaces.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
