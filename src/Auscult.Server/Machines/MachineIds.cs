using System.Text.RegularExpressions;

namespace Auscult.Server.Machines;

/// <summary>What a machine id and a machine type may look like: they appear in URLs, MQTT topics and file names.</summary>
public static partial class MachineIds
{
    /// <summary>The longest id or type accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="value"/> is 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public static bool IsValid(string? value) => value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value);

    /// <summary>Throws a 400 problem naming <paramref name="what"/> unless <paramref name="value"/> is valid.</summary>
    public static string Require(string? value, string what) => IsValid(value)
        ? value!
        : throw ProblemException.BadRequest(
            $"{what} '{value}' is not valid: use 1-{MaxLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Pattern();
}
