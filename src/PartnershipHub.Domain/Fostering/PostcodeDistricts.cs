using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Domain.Fostering;

/// <summary>
/// How near two postcode districts are: all the hub holds of where a household lives, enough to rank vacancies by
/// distance without identifying the home.
/// </summary>
public static class PostcodeDistricts
{
    /// <summary>How near a household's district is to the district the child should live near.</summary>
    public static LocationMatch Compare(string householdDistrict, string? preferredDistrict) =>
        preferredDistrict is null ? LocationMatch.NoPreference
        : householdDistrict == preferredDistrict ? LocationMatch.SameDistrict
        : PostcodeDistrict.Area(householdDistrict) == PostcodeDistrict.Area(preferredDistrict) ? LocationMatch.SameArea
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
