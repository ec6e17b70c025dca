using System.Globalization;
using System.Text;

namespace PartnershipHub.Api.Children;

/// <summary>Opaque page tokens for list calls: a versioned position, base64url-encoded.</summary>
public static class PageTokens
{
    /// <summary>Page size when the caller gives none.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page served; larger requests are served this many.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Encodes a position as a token.</summary>
    public static string Encode(int position) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("v1:" + position.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a token; an empty token is the start. Returns false for a token this hub did not issue.</summary>
    public static bool TryDecode(string token, out int position)
    {
        position = 0;
        if (token.Length == 0)
        {
            return true;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
            return text.StartsWith("v1:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The page size to serve for a requested one; null when it is negative.</summary>
    public static int? PageSize(int requested) => requested switch
    {
        < 0 => null,
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };
}
