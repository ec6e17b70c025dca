using System.Security.Cryptography;
using System.Text;

namespace PartnershipHub.Storage.AzureTables;

/// <summary>
/// Turns arbitrary strings (service id, grain type, grain key, state name) into Azure Table
/// PartitionKey / RowKey values.
/// </summary>
/// <remarks>
/// Azure forbids '/', '\', '#', '?' and the control characters U+0000–U+001F and U+007F–U+009F
/// in keys, and bounds a key at 1 KiB. Rather than blacklisting those, only
/// <c>[A-Za-z0-9-.]</c> pass through; every other UTF-16 code unit, the escape character '_'
/// included, becomes <c>_XX</c> (code unit ≤ U+00FF) or <c>_uXXXX</c> (upper-case hex). After
/// '_' comes either a hex digit or 'u', never both readings, so decoding is unambiguous and the
/// escaping is injective, lone surrogates included (no lossy UTF-8 round trip).
/// Components are joined with '~', which escaping never emits, so a tuple of components maps to
/// exactly one key. A key longer than <see cref="MaxKeyLength"/> keeps a readable prefix and ends
/// with '!' plus the SHA-256 of the whole unbounded key; '!' is also never emitted by escaping,
/// so a hashed key can never equal an unhashed one.
/// </remarks>
internal static class TableKeyEncoding
{
    /// <summary>
    /// The longest key produced, in characters. Output is ASCII, so this is 512 bytes in UTF-8 and
    /// 1 KiB in UTF-16: inside Azure's 1 KiB limit under either reading of it.
    /// </summary>
    public const int MaxKeyLength = 512;

    private const char Escape = '_';
    private const char Separator = '~';
    private const char HashMarker = '!';
    private const int HashHexLength = 64;

    /// <summary>Escapes one component so it contains only <c>[A-Za-z0-9-._]</c>.</summary>
    public static string EscapeComponent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (IsPassThrough(c))
            {
                builder.Append(c);
            }
            else if (c <= 0xFF)
            {
                builder.Append(Escape).Append(((int)c).ToString("X2"));
            }
            else
            {
                builder.Append(Escape).Append('u').Append(((int)c).ToString("X4"));
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes each component, joins them and bounds the result at <see cref="MaxKeyLength"/>.</summary>
    public static string BuildKey(params string[] components) => BuildKey(MaxKeyLength, components);

    /// <summary>Escapes each component, joins them and bounds the result at <paramref name="maxLength"/> characters.</summary>
    public static string BuildKey(int maxLength, params string[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var key = string.Join(Separator, components.Select(EscapeComponent));
        if (key.Length <= maxLength)
        {
            return key;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
        return string.Concat(key.AsSpan(0, maxLength - HashHexLength - 1), HashMarker.ToString(), hash);
    }

    /// <summary>
    /// The components a key was built from; null for a key that was bounded by hashing (its components are not
    /// all in it) or that escaping cannot have produced.
    /// </summary>
    public static string[]? SplitKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains(HashMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var components = key.Split(Separator);
        for (var i = 0; i < components.Length; i++)
        {
            var decoded = UnescapeComponent(components[i]);
            if (decoded is null)
            {
                return null;
            }

            components[i] = decoded;
        }

        return components;
    }

    private static string? UnescapeComponent(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != Escape)
            {
                builder.Append(c);
                continue;
            }

            var wide = i + 1 < value.Length && value[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > value.Length
                || !int.TryParse(value.AsSpan(start, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                return null;
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }

    private static bool IsPassThrough(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.';
}
