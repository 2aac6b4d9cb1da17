using Auscult.Server.Auth;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Auscult.Server.Storage;

/// <summary>
/// The users table: people who sign in to the dashboard. Passwords are stored only as ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> hashes (PBKDF2-HMAC-SHA512 with a random salt).
/// </summary>
public sealed class UserStore
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The longest user name accepted.</summary>
    public const int MaxNameLength = 64;

    private const string Columns = "id, name, role, password_hash, created_at, disabled_at";
    private static readonly PasswordHasher<UserInfo> Hasher = new();
    private readonly AuscultDatabase _database;

    public UserStore(AuscultDatabase database) => _database = database;

    /// <summary>Makes a user.</summary>
    /// <exception cref="ConfigurationException">
    /// A device role, an empty or over-long name, a name with spaces or control characters, a password shorter than
    /// <see cref="MinPasswordLength"/>, or a name already taken.
    /// </exception>
    public Task<UserInfo> CreateAsync(string name, ApiRole role, string password, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        if (role == ApiRole.Device)
        {
            throw new ConfigurationException("A user is an admin or an operator; devices use API keys (`auscult keys create --role device`).");
        }

        if (name.Length is 0 or > MaxNameLength || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ConfigurationException($"A user name is 1-{MaxNameLength} characters without spaces; '{name}' is not.");
        }

        CheckPassword(password);
        var user = new UserInfo("user_" + Guid.CreateVersion7(now).ToString("N"), name, role, UnixTime.From(UnixTime.Of(now)), null);
        string hash = Hasher.HashPassword(user, password);
        return _database.InTransactionAsync(async (c, t) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE name = @name", new { name }, t).ConfigureAwait(false) > 0)
            {
                throw new ConfigurationException($"There is already a user named '{name}'.");
            }

            await c.ExecuteAsync(
                $"INSERT INTO users ({Columns}) VALUES (@Id, @Name, @role, @hash, @createdAt, NULL)",
                new { user.Id, user.Name, role = WireNames.Of(role), hash, createdAt = UnixTime.Of(now) }, t).ConfigureAwait(false);
            return user;
        }, cancellationToken);
    }

    /// <summary>
    /// The user when <paramref name="name"/> and <paramref name="password"/> match an enabled user; otherwise null.
    /// An unknown name costs as much as a wrong password (a hash is checked either way), so timing does not tell names.
    /// </summary>
    public async Task<UserInfo?> VerifyAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var row = await FindRowAsync(name, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            _ = Hasher.VerifyHashedPassword(Decoy.User, Decoy.Hash, password);
            return null;
        }

        var user = row.ToInfo();
        var result = Hasher.VerifyHashedPassword(user, row.PasswordHash, password);
        return result == PasswordVerificationResult.Failed || user.DisabledAt is not null ? null : user;
    }

    /// <summary>The user with this id while enabled, or null (a signed-in session is checked against it).</summary>
    public Task<UserInfo?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
            (await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM users WHERE id = @id", new { id }).ConfigureAwait(false))?.ToInfo(),
            cancellationToken);

    /// <summary>Every user, oldest first.</summary>
    public Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<UserInfo>>(async c =>
            [.. (await c.QueryAsync<Row>($"SELECT {Columns} FROM users ORDER BY created_at, id").ConfigureAwait(false)).Select(r => r.ToInfo())],
            cancellationToken);

    /// <summary>Gives the user <paramref name="id"/> a new password; false when there is no such user.</summary>
    /// <exception cref="ConfigurationException">The password is shorter than <see cref="MinPasswordLength"/>.</exception>
    public async Task<bool> SetPasswordAsync(string id, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        CheckPassword(password);
        var user = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return false;
        }

        string hash = Hasher.HashPassword(user, password);
        return await _database.WithConnectionAsync(async c =>
            await c.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @id", new { id, hash }).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Disables the user <paramref name="id"/> at <paramref name="now"/> (a signed-in session ends at its next request), or
    /// enables it again when <paramref name="now"/> is null; false when there is no such user. Disabling twice keeps the first time.
    /// </summary>
    public Task<bool> SetDisabledAsync(string id, DateTimeOffset? now, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c => await c.ExecuteAsync(
            now is null
                ? "UPDATE users SET disabled_at = NULL WHERE id = @id"
                : "UPDATE users SET disabled_at = COALESCE(disabled_at, @at) WHERE id = @id",
            new { id, at = now is { } t ? UnixTime.Of(t) : 0 }).ConfigureAwait(false) == 1, cancellationToken);

    private static void CheckPassword(string password)
    {
        if (password.Length < MinPasswordLength)
        {
            throw new ConfigurationException($"The password must have at least {MinPasswordLength} characters; it has {password.Length}.");
        }
    }

    private Task<Row?> FindRowAsync(string name, CancellationToken cancellationToken) =>
        _database.WithConnectionAsync(c => c.QuerySingleOrDefaultAsync<Row?>($"SELECT {Columns} FROM users WHERE name = @name", new { name }),
            cancellationToken);

    /// <summary>A hash to check against when the name is unknown.</summary>
    private static class Decoy
    {
        public static readonly UserInfo User = new("decoy", "decoy", ApiRole.Operator, DateTimeOffset.UnixEpoch, null);
        public static readonly string Hash = Hasher.HashPassword(User, Guid.NewGuid().ToString());
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? DisabledAt { get; set; }

        public UserInfo ToInfo() => new(Id, Name, WireNames.Parse<ApiRole>(Role), UnixTime.From(CreatedAt), UnixTime.From(DisabledAt));
    }
}
