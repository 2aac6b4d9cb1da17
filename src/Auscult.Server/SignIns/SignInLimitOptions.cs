namespace Auscult.Server.SignIns;

/// <summary>
/// The sign-in attempt limit (configuration section <c>Auscult:SignIn</c>): after <see cref="MaxFailuresPerName"/> failed
/// sign-ins for one user name, or <see cref="MaxFailuresPerAddress"/> from one client address, within
/// <see cref="Window"/>, sign-ins for that name or from that address are refused for <see cref="Lockout"/>.
/// </summary>
/// <remarks>
/// The counts are kept in the database, not in memory: with several instances behind a load balancer an in-memory count
/// would allow the limit once per instance, and a restart would reset it. A sign-in is rare, so the extra statement costs
/// nothing that matters. A lock on a name can be caused by anyone who knows the name (the price of any per-name limit);
/// it ends by itself and an admin's password reset clears it.
/// </remarks>
public sealed class SignInLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auscult:SignIn";

    /// <summary>Failed sign-ins for one name within the window that lock the name.</summary>
    /// <value>Default 5; 1 to 1000.</value>
    public int MaxFailuresPerName { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address within the window that lock the address.</summary>
    /// <value>Default 20 (several people behind one address may mistype); 1 to 100,000.</value>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>How long failures are counted together.</summary>
    /// <value>Default 15 minutes; 1 second to 1 day.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked name or address is refused.</summary>
    /// <value>Default 15 minutes; 1 second to 1 day.</value>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}
