namespace Auscult.Server.Dashboard;

/// <summary>What an admin does on the users page.</summary>
public enum AdminAction
{
    /// <summary>Make a user.</summary>
    CreateUser,

    /// <summary>Give a user a new password (and lift a sign-in lock on the name).</summary>
    ResetPassword,

    /// <summary>Stop a user from signing in; a signed-in session ends at its next request.</summary>
    DisableUser,

    /// <summary>Let a disabled user sign in again.</summary>
    EnableUser,

    /// <summary>Make an API key (shown once).</summary>
    CreateKey,

    /// <summary>Revoke an API key.</summary>
    RevokeKey,
}
