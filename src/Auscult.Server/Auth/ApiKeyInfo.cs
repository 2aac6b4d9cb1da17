namespace Auscult.Server.Auth;

/// <summary>An API key as stored: never the key itself, only its hash and first characters.</summary>
/// <param name="Id">The key's id (what logs, alert events and <c>keys revoke</c> name).</param>
/// <param name="Name">A human name, or null.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Machines">For a device key, the machines it may post clips for.</param>
/// <param name="Prefix">The key's first characters, to recognise it.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RevokedAt">When it was revoked, or null while it is valid.</param>
public sealed record ApiKeyInfo(string Id, string? Name, ApiRole Role, IReadOnlyList<string> Machines, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Whether a request with this key may act for <paramref name="machineId"/> as a device.</summary>
    public bool MayPostFor(string machineId) =>
        Role == ApiRole.Admin || (Role == ApiRole.Device && Machines.Contains(machineId, StringComparer.Ordinal));
}
