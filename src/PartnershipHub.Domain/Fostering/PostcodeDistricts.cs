namespace PartnershipHub.Domain.Fostering;

/// <summary>
/// UK postcode districts (the outward code, e.g. <c>W6</c>, <c>SW1A</c>, <c>NW10</c>): all the hub holds of where a
/// household lives, enough to rank vacancies by distance without identifying the home.
/// </summary>
public static class PostcodeDistricts
{
    /// <summary>
    /// Normalises an outward code to upper case without spaces. The shape is one or two letters (the area), a digit,
    /// then an optional digit or letter; <paramref name="problem"/> says what is wrong otherwise.
    /// </summary>
    public static string Normalise(string value, out string? problem)
    {
        var district = value.Trim().ToUpperInvariant();
        var letters = district.TakeWhile(char.IsAsciiLetterUpper).Count();
        var rest = district[letters..];
        var valid = letters is 1 or 2
            && rest.Length is 1 or 2
            && char.IsAsciiDigit(rest[0])
            && (rest.Length == 1 || char.IsAsciiDigit(rest[1]) || char.IsAsciiLetterUpper(rest[1]));
        problem = valid ? null : "must be a UK postcode district (outward code): one or two letters, a digit, then an optional digit or letter, e.g. W6 or SW1A.";
        return district;
    }

    /// <summary>The postcode area of a district: its leading letters, e.g. <c>SW</c> for <c>SW1A</c>.</summary>
    public static string Area(string district) => new([.. district.TakeWhile(char.IsAsciiLetter)]);

    /// <summary>How near a household's district is to the district the child should live near.</summary>
    public static LocationMatch Compare(string householdDistrict, string? preferredDistrict) =>
        preferredDistrict is null ? LocationMatch.NoPreference
        : householdDistrict == preferredDistrict ? LocationMatch.SameDistrict
        : Area(householdDistrict) == Area(preferredDistrict) ? LocationMatch.SameArea
        : LocationMatch.Elsewhere;
}

/// <summary>How near a vacancy is to where the child should live, nearest first.</summary>
public enum LocationMatch
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>In the preferred postcode district.</summary>
    SameDistrict = 1,

    /// <summary>In the preferred district's postcode area.</summary>
    SameArea = 2,

    /// <summary>Outside the preferred postcode area.</summary>
    Elsewhere = 3,

    /// <summary>No preferred district was given.</summary>
    NoPreference = 4,
}
