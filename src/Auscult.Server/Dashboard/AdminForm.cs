namespace Auscult.Server.Dashboard;

/// <summary>What the users page's forms post: the action, whom it is about, and the fields of the form that was sent.</summary>
public sealed class AdminForm
{
    /// <summary>The action: <see cref="AdminAction"/> in kebab-case.</summary>
    public string? Action { get; set; }

    /// <summary>The user or key acted on (row forms).</summary>
    public string? Id { get; set; }

    /// <summary>A new user's name, or a new key's name.</summary>
    public string? Name { get; set; }

    /// <summary>The role of a new user or key: admin, operator (or device for a key).</summary>
    public string? Role { get; set; }

    /// <summary>A new user's password, or the new password of a reset.</summary>
    public string? Password { get; set; }

    /// <summary>A device key's machines, separated by commas or spaces.</summary>
    public string? Machines { get; set; }
}
