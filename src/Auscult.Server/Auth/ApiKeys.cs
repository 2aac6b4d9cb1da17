using System.Security.Cryptography;
using System.Text;

namespace Auscult.Server.Auth;

/// <summary>
/// Makes and checks API keys: <c>ak_</c> followed by 32 random bytes in base64url (43 characters). Only the SHA-256 of
/// a key is stored; a presented key is hashed and compared with the stored hash in constant time.
/// </summary>
public static class ApiKeys
{
    /// <summary>What every key starts with, so a leaked key is recognisable (secret scanners) and a typo is not mistaken for one.</summary>
    public const string Prefix = "ak_";

    /// <summary>Random bytes per key.</summary>
    public const int SecretBytes = 32;

    /// <summary>Characters of a key kept in the clear to recognise it in a list.</summary>
    public const int DisplayedCharacters = 8;

    /// <summary>A new random key.</summary>
    public static string NewKey() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>A new key id: <c>key_</c> and 12 random hex digits.</summary>
    public static string NewId() => "key_" + RandomNumberGenerator.GetHexString(12, lowercase: true);

    /// <summary>The stored form of a key: SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string key, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(storedHash);
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        byte[] stored;
        try
        {
            stored = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>Whether <paramref name="key"/> has the shape of a key (worth a database look-up).</summary>
    public static bool LooksLikeKey(string? key) =>
        key is not null && key.Length == Prefix.Length + 43 && key.StartsWith(Prefix, StringComparison.Ordinal)
        && key.AsSpan(Prefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
