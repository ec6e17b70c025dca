using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Adoption;

/// <summary>
/// What an adopter household is approved for: how many children and what ages; and whether it is waiting for a
/// match. Plain rules for the adoption partnership's search.
/// </summary>
public static class AdopterPreferences
{
    /// <summary>The largest sibling group a household may be approved for in the hub.</summary>
    public const int MaxChildren = 6;

    /// <summary>The oldest age, in years, a child placed for adoption may be (an adoption order is made before 18).</summary>
    public const int MaxAgeYears = 17;

    /// <summary>Checks a household's capacity: 1 to <see cref="MaxChildren"/> children, ages 0 to 17 with the lower not above the upper.</summary>
    public static void Check(Violations violations, int children, int minAgeYears, int maxAgeYears)
    {
        if (children is < 1 or > MaxChildren)
        {
            violations.Add("preferences.children", $"must be 1 to {MaxChildren}: how many children the household is approved for.");
        }

        if (minAgeYears is < 0 or > MaxAgeYears)
        {
            violations.Add("preferences.min_age_years", $"must be 0 to {MaxAgeYears}.");
        }

        if (maxAgeYears is < 0 or > MaxAgeYears)
        {
            violations.Add("preferences.max_age_years", $"must be 0 to {MaxAgeYears}.");
        }
        else if (maxAgeYears < minAgeYears)
        {
            violations.Add("preferences.max_age_years", "must not be below min_age_years.");
        }
    }

    /// <summary>An approved household with no match yet is waiting.</summary>
    public static bool IsWaiting(DateOnly? approved, int matches) => approved is not null && matches == 0;

    /// <summary>
    /// Whether a household approved for <paramref name="children"/> children aged <paramref name="minAgeYears"/> to
    /// <paramref name="maxAgeYears"/> could take a child of <paramref name="childAgeYears"/> in a sibling group of
    /// <paramref name="siblingGroup"/>; a filter left null matches every household.
    /// </summary>
    public static bool Fits(int children, int minAgeYears, int maxAgeYears, int? childAgeYears, int? siblingGroup) =>
        (childAgeYears is not { } age || (minAgeYears <= age && age <= maxAgeYears))
        && (siblingGroup is not { } group || group <= children);
}
