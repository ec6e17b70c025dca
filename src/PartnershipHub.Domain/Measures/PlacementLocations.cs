using PartnershipHub.Domain.Identifiers;

namespace PartnershipHub.Domain.Measures;

/// <summary>
/// Whether a placement's postcode district is in the child's borough, and in London. The hub holds placements only
/// to the district, and districts cross borough boundaries: each district below is given to the borough holding
/// most of it (an approximation to be replaced by the ONS postcode directory's lookup when the partnership loads
/// it). London is taken as the postcode areas lying wholly or mostly in Greater London.
/// </summary>
public static class PlacementLocations
{
    private static readonly Dictionary<string, string[]> DistrictsByBorough = new(StringComparer.Ordinal)
    {
        ["E09000013"] = ["W6", "W12", "W14", "SW6"],
        ["E09000020"] = ["SW3", "SW5", "SW7", "SW10", "W8", "W10", "W11"],
        ["E09000033"] = ["W1", "W2", "W9", "NW1", "NW8", "SW1A", "SW1E", "SW1H", "SW1P", "SW1V", "SW1W", "SW1X", "SW1Y", "WC2"],
        ["E09000009"] = ["W3", "W5", "W7", "W13", "UB1", "UB2", "UB5", "UB6"],
        ["E09000018"] = ["W4", "TW3", "TW4", "TW5", "TW7", "TW8", "TW13", "TW14"],
        ["E09000005"] = ["NW2", "NW6", "NW10", "HA0", "HA9"],
    };

    private static readonly HashSet<string> LondonAreas = new(StringComparer.Ordinal)
    {
        "E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR", "DA", "EN", "HA", "IG", "KT", "RM", "SM", "TW", "UB",
    };

    /// <summary>Whether <paramref name="district"/> lies in <paramref name="borough"/>.</summary>
    public static bool IsInBorough(string borough, string district) =>
        DistrictsByBorough.TryGetValue(borough, out var districts) && districts.Contains(district, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="district"/> lies in London.</summary>
    public static bool IsInLondon(string district) => LondonAreas.Contains(PostcodeDistrict.Area(district));
}
