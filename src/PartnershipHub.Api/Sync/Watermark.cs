using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PartnershipHub.Api.Sync;

/// <summary>
/// Where a watcher is in each borough's change feed: the position of the last change it has been past, per feed.
/// Opaque to clients: a versioned text ("w1:" then "borough=position" pairs), base64url-encoded.
/// </summary>
public sealed class Watermark
{
    private const string Prefix = "w1:";
    private readonly SortedDictionary<string, long> positions;

    private Watermark(SortedDictionary<string, long> positions) => this.positions = positions;

    /// <summary>The feeds the watermark names.</summary>
    public IReadOnlyCollection<string> Boroughs => positions.Keys;

    /// <summary>The position reached in a borough's feed.</summary>
    public long this[string borough]
    {
        get => positions[borough];
        set => positions[borough] = value;
    }

    /// <summary>A watermark at the given positions.</summary>
    public static Watermark At(IEnumerable<KeyValuePair<string, long>> positions) =>
        new(new SortedDictionary<string, long>(positions.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>Whether the watermark has a position in a borough's feed.</summary>
    public bool Names(string borough) => positions.ContainsKey(borough);

    /// <summary>Reads a watermark; false for text this hub did not issue.</summary>
    public static bool TryParse(string text, out Watermark watermark)
    {
        watermark = At([]);
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        var plain = Encoding.ASCII.GetString(bytes);
        if (!plain.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var pair in plain[Prefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || parts[0].Length is 0 or > 16 || !parts[0].All(char.IsAsciiLetterOrDigit)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || !watermark.positions.TryAdd(parts[0], position))
            {
                return false;
            }
        }

        return watermark.positions.Count > 0;
    }

    /// <inheritdoc />
    public override string ToString() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        Prefix + string.Join(';', positions.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"))));
}
