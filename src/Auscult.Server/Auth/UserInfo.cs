namespace Auscult.Server.Auth;

/// <summary>A dashboard user as stored, without the password hash.</summary>
/// <param name="Id">The user's id (what alert events name as the actor, with a <c>user:</c> prefix).</param>
/// <param name="Name">The name typed at sign-in.</param>
/// <param name="Role">Admin or operator.</param>
/// <param name="CreatedAt">When the user was made.</param>
/// <param name="DisabledAt">When the user was disabled, or null while the user may sign in.</param>
public sealed record UserInfo(string Id, string Name, ApiRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
