using System.Security.Cryptography;
using System.Text;

namespace PartnershipHub.Domain.Extracts;

/// <summary>
/// The row ids of one extract: a keyed hash (HMAC-SHA256) of the hub's child id under a key made for that extract
/// alone and never stored or sent. A child has one row id throughout the extract, but the id cannot be turned back
/// into the child id, guessed from it, or matched with the same child's row in another extract: each extract is a
/// snapshot, so an analyst cannot build a child's history across extracts and re-identify them from it.
/// </summary>
public sealed class ExtractPseudonyms
{
    /// <summary>How many characters a row id has: 20 hexadecimal (80 bits), unlike a hub id's 32.</summary>
    public const int Length = 20;

    private readonly byte[] key;

    /// <summary>Pseudonyms under <paramref name="key"/> (at least 32 bytes); <see cref="Fresh"/> for an extract.</summary>
    public ExtractPseudonyms(byte[] key)
    {
        this.key = key.Length >= 32 ? [.. key] : throw new ArgumentException("An extract's key must have at least 32 bytes.", nameof(key));
    }

    /// <summary>Pseudonyms under a new random key, for one extract.</summary>
    public static ExtractPseudonyms Fresh() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The row id of the child with hub id <paramref name="childId"/> in this extract.</summary>
    public string RowId(string childId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(childId)), 0, Length / 2);
}
