using System.Text.RegularExpressions;

namespace PartnershipHub.Domain.Identifiers;

/// <summary>
/// A UK postcode district (the outward code, e.g. <c>W6</c>, <c>SW1A</c>, <c>NW10</c>): where a placement is,
/// without the full address. The partnership's extracts keep postcodes to the district.
/// </summary>
public static partial class PostcodeDistrict
{
    /// <summary>The district in upper case without spaces, or null when <paramref name="value"/> is not one.</summary>
    public static string? Normalise(string value)
    {
        var district = value.Trim().ToUpperInvariant();
        return Shape().IsMatch(district) ? district : null;
    }

    /// <summary>The district normalised, or null with a violation on <paramref name="field"/> when it is not one.</summary>
    public static string? Check(Validation.Violations violations, string field, string value)
    {
        var district = Normalise(value);
        if (district is null)
        {
            violations.Add(field, Expected);
        }

        return district;
    }

    /// <summary>The postcode area: the district's leading letters, e.g. <c>SW</c> for <c>SW1A</c>.</summary>
    public static string Area(string district) => new([.. district.TakeWhile(char.IsAsciiLetter)]);

    /// <summary>A sentence for a field violation.</summary>
    public const string Expected = "must be a postcode district (the part before the space), e.g. W6, SW1A or NW10.";

    [GeneratedRegex("^[A-Z]{1,2}[0-9][0-9A-Z]?$")]
    private static partial Regex Shape();
}
