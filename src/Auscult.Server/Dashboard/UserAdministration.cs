using Auscult.Server.Auth;
using Auscult.Server.SignIns;
using Auscult.Server.Storage;

namespace Auscult.Server.Dashboard;

/// <summary>
/// The users page's rules: make users, reset passwords, disable and enable users, make and revoke API keys. An admin
/// cannot disable themself (the last admin could lock everyone out). Bad input throws <see cref="ConfigurationException"/>
/// with a sentence for the page.
/// </summary>
public sealed class UserAdministration
{
    private readonly UserStore _users;
    private readonly KeyStore _keys;
    private readonly SignInLimiter _limiter;
    private readonly TimeProvider _time;

    public UserAdministration(UserStore users, KeyStore keys, SignInLimiter limiter, TimeProvider timeProvider)
    {
        _users = users;
        _keys = keys;
        _limiter = limiter;
        _time = timeProvider;
    }

    /// <summary>Every user and every key, oldest first.</summary>
    public async Task<(IReadOnlyList<UserInfo> Users, IReadOnlyList<ApiKeyInfo> Keys)> ListAsync(CancellationToken cancellationToken = default) =>
        (await _users.ListAsync(cancellationToken).ConfigureAwait(false), await _keys.ListAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Does <paramref name="form"/>'s action for the signed-in admin <paramref name="actorId"/>.</summary>
    /// <exception cref="ConfigurationException">A missing or invalid field, an unknown user or key, or disabling oneself.</exception>
    public async Task<AdminOutcome> DoAsync(AdminForm form, string actorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var action = ActionOf(form.Action);
        switch (action)
        {
            case AdminAction.CreateUser:
            {
                var role = RoleOf(form.Role, allowDevice: false);
                var user = await _users.CreateAsync((form.Name ?? "").Trim(), role, form.Password ?? "", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return new($"Made {WireNames.Of(user.Role)} user '{user.Name}'.");
            }

            case AdminAction.ResetPassword:
            {
                var user = await UserAsync(form.Id, cancellationToken).ConfigureAwait(false);
                await _users.SetPasswordAsync(user.Id, form.Password ?? "", cancellationToken).ConfigureAwait(false);
                await _limiter.ClearAsync(user.Name, cancellationToken).ConfigureAwait(false);
                return new($"'{user.Name}' has a new password.");
            }

            case AdminAction.DisableUser:
            {
                var user = await UserAsync(form.Id, cancellationToken).ConfigureAwait(false);
                if (user.Id == actorId)
                {
                    throw new ConfigurationException("You cannot disable yourself; ask another admin.");
                }

                await _users.SetDisabledAsync(user.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return new($"'{user.Name}' is disabled and signed out.");
            }

            case AdminAction.EnableUser:
            {
                var user = await UserAsync(form.Id, cancellationToken).ConfigureAwait(false);
                await _users.SetDisabledAsync(user.Id, null, cancellationToken).ConfigureAwait(false);
                return new($"'{user.Name}' may sign in again.");
            }

            case AdminAction.CreateKey:
            {
                var role = RoleOf(form.Role, allowDevice: true);
                string[] machines = (form.Machines ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
                string? name = string.IsNullOrWhiteSpace(form.Name) ? null : form.Name.Trim();
                var (info, key) = await _keys.CreateAsync(role, machines.Length == 0 ? null : machines, name, _time.GetUtcNow(), cancellationToken)
                    .ConfigureAwait(false);
                return new($"Made {WireNames.Of(info.Role)} key {info.Prefix}… ({info.Name ?? info.Id}). Copy it now: it is shown only this once.", key);
            }

            case AdminAction.RevokeKey:
            {
                if (string.IsNullOrEmpty(form.Id) || !await _keys.RevokeAsync(form.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
                {
                    throw new ConfigurationException($"There is no key '{form.Id}'.");
                }

                return new("The key is revoked.");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(form), action, null);
        }
    }

    private async Task<UserInfo> UserAsync(string? id, CancellationToken cancellationToken) =>
        (string.IsNullOrEmpty(id) ? null : await _users.GetAsync(id, cancellationToken).ConfigureAwait(false))
        ?? throw new ConfigurationException($"There is no user '{id}'.");

    private static AdminAction ActionOf(string? text) =>
        WireNames.TryParse<AdminAction>(text) ?? throw new ConfigurationException($"'{text}' is not an action of this page.");

    private static ApiRole RoleOf(string? text, bool allowDevice) => text switch
    {
        "admin" => ApiRole.Admin,
        "operator" => ApiRole.Operator,
        "device" when allowDevice => ApiRole.Device,
        _ => throw new ConfigurationException(allowDevice ? "Choose the key's role: admin, operator or device." : "Choose the user's role: admin or operator."),
    };
}
