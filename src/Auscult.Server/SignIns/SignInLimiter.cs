using System.Net;
using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.SignIns;

/// <summary>
/// The sign-in attempt limit (<see cref="SignInLimitOptions"/>): whether a name or a client address is locked, and the
/// bookkeeping of failures and successes. A locked attempt is refused before the password is checked, so guessing
/// during a lock learns nothing.
/// </summary>
public sealed class SignInLimiter
{
    private readonly SignInStore _store;
    private readonly SignInLimitOptions _options;
    private readonly TimeProvider _time;

    public SignInLimiter(SignInStore store, IOptions<SignInLimitOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = timeProvider;
    }

    /// <summary>How long sign-ins for <paramref name="name"/> or from <paramref name="address"/> remain refused; null when they are not.</summary>
    public async Task<TimeSpan?> LockedForAsync(string name, IPAddress? address, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var until = await _store.LockedUntilAsync(Subjects(name, address), now, cancellationToken).ConfigureAwait(false);
        return until is { } end ? end - now : null;
    }

    /// <summary>Counts a failed sign-in against the name and the address.</summary>
    public async Task FailedAsync(string name, IPAddress? address, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await _store.RecordFailureAsync(NameSubject(name), now, _options.Window, _options.MaxFailuresPerName, _options.Lockout, cancellationToken)
            .ConfigureAwait(false);
        if (address is not null)
        {
            await _store.RecordFailureAsync(AddressSubject(address), now, _options.Window, _options.MaxFailuresPerAddress, _options.Lockout, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the name's failures (it signed in, or an admin set a new password); the address keeps its count.</summary>
    public Task ClearAsync(string name, CancellationToken cancellationToken = default) => _store.ClearAsync(NameSubject(name), cancellationToken);

    private static string[] Subjects(string name, IPAddress? address) => address is null ? [NameSubject(name)] : [NameSubject(name), AddressSubject(address)];

    private static string NameSubject(string name) => "name:" + name;

    private static string AddressSubject(IPAddress address) =>
        "address:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
