using System.Text.RegularExpressions;

namespace Auscult.Server.Alerts;

/// <summary>
/// Alert kinds. A machine alert carries a fault kind: the one a classifier names (<c>unbalance</c>, <c>clogging</c>
/// ...), one an operator names on confirming, or <see cref="Anomaly"/> when the model names none (the autoencoder).
/// <see cref="Input"/> and <see cref="Drift"/> are reserved for input faults and drift.
/// </summary>
public static partial class AlertKinds
{
    /// <summary>The fault kind of an anomaly whose model names no kind (the autoencoder).</summary>
    public const string Anomaly = "anomaly";

    /// <summary>The recent clips are unfit for scoring (silence, clipping, dropouts ...): never a machine alarm.</summary>
    public const string Input = "input";

    /// <summary>The score distribution has drifted (raised by drift monitoring, not by the clip rules).</summary>
    public const string Drift = "drift";

    /// <summary>The longest kind accepted.</summary>
    public const int MaximumLength = 64;

    /// <summary>Whether <paramref name="kind"/> is a machine fault kind (neither input nor drift).</summary>
    public static bool IsMachineKind(string kind) => kind is not (Input or Drift);

    /// <summary>
    /// Checks a fault kind from a model or an operator: lower-case letters, digits, <c>-</c> and <c>_</c>, starting with
    /// a letter, at most <see cref="MaximumLength"/> characters, and neither <c>input</c> nor <c>drift</c>.
    /// </summary>
    /// <exception cref="InputException">The kind breaks one of those rules; the message says which.</exception>
    public static string CheckFaultKind(string kind, string what)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Length is 0 or > MaximumLength || !KindPattern().IsMatch(kind))
        {
            throw new InputException(
                $"The {what} '{kind}' is not a kind: use 1 to {MaximumLength} lower-case letters, digits, '-' or '_', starting with a letter (e.g. unbalance).");
        }

        if (!IsMachineKind(kind))
        {
            throw new InputException($"The {what} '{kind}' is reserved for {(kind == Input ? "input faults" : "drift")}; name a machine fault kind.");
        }

        return kind;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex KindPattern();
}
