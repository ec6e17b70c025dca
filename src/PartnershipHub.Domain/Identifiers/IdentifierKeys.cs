using System.Security.Cryptography;
using System.Text;

namespace PartnershipHub.Domain.Identifiers;

/// <summary>
/// Turns a child's identifier (NHS number, UPN, borough case id) into an opaque key for the identifier index.
/// A keyed hash (HMAC-SHA256) with a deployment secret, because a plain hash of a 10-digit number is reversed
/// by trying them all. Grain ids, storage keys and logs only ever see the key.
/// </summary>
public sealed class IdentifierKeys
{
    private readonly byte[] secret;

    /// <summary>Creates the keyer with the deployment's secret (at least 32 bytes).</summary>
    public IdentifierKeys(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The identifier index secret must be at least 32 bytes.", nameof(secret));
        }

        this.secret = secret;
    }

    /// <summary>The index key for an NHS number (normalised, 10 digits).</summary>
    public string ForNhsNumber(string nhsNumber) => Key("nhs", nhsNumber);

    /// <summary>The index key for a UPN (normalised, upper case).</summary>
    public string ForUniquePupilNumber(string upn) => Key("upn", upn);

    /// <summary>The index key for a borough's own case id.</summary>
    public string ForBoroughCaseId(string borough, string caseId) => Key("case", borough + "\n" + caseId);

    /// <summary>
    /// The index key of <paramref name="borough"/>'s own claim on an identifier whose <paramref name="key"/> a child of
    /// a borough it may not see holds: that borough's second child with it is then found, without the first ever being
    /// revealed (see <c>AccessPolicy.CanMatchByIdentifier</c>).
    /// </summary>
    public static string WithinBorough(string key, string borough) => key + "@" + borough;

    private string Key(string kind, string value)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(kind + ":" + value));
        return kind + "-" + Convert.ToHexStringLower(mac);
    }
}
