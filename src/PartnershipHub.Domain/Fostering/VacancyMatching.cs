namespace PartnershipHub.Domain.Fostering;

/// <summary>What a household offers, as the vacancy search sees it: no carers' or children's details.</summary>
/// <param name="HouseholdId">The household.</param>
/// <param name="ApprovingBorough">The borough that approved it.</param>
/// <param name="Kind">Mainstream or connected persons.</param>
/// <param name="Status">Its approval status.</param>
/// <param name="Places">How many children it is approved for.</param>
/// <param name="Placed">How many children live there now.</param>
/// <param name="MinAge">The youngest age, in whole years, it takes.</param>
/// <param name="MaxAge">The oldest age, in whole years, it takes.</param>
/// <param name="TakesSiblingGroups">Whether it takes brothers and sisters together.</param>
/// <param name="Needs">The other needs it can meet.</param>
/// <param name="PostcodeDistrict">Its postcode district.</param>
public sealed record HouseholdOffer(
    string HouseholdId, string ApprovingBorough, HouseholdKind Kind, ApprovalStatus Status, int Places, int Placed,
    int MinAge, int MaxAge, bool TakesSiblingGroups, IReadOnlyCollection<CarerNeed> Needs, string PostcodeDistrict)
{
    /// <summary>Places not taken.</summary>
    public int Vacancies => FosterVacancies.Count(Places, Placed);

    /// <summary>Whether a child of <paramref name="age"/> whole years is within the household's age range.</summary>
    public bool TakesAge(int age) => MinAge <= age && age <= MaxAge;
}

/// <summary>What a child (and their brothers and sisters to be placed with them) need from a household.</summary>
/// <param name="Ages">Each child's age in whole years on the day of the search.</param>
/// <param name="Needs">The needs the household must meet.</param>
/// <param name="PreferredDistrict">The postcode district the children should live near, if any.</param>
public sealed record PlacementNeed(IReadOnlyList<int> Ages, IReadOnlyCollection<CarerNeed> Needs, string? PreferredDistrict);

/// <summary>One household a search found, with how near it is.</summary>
/// <param name="Offer">The household's offer.</param>
/// <param name="Location">How near it is to the preferred district.</param>
public sealed record VacancyMatch(HouseholdOffer Offer, LocationMatch Location);

/// <summary>Vacancy arithmetic.</summary>
public static class FosterVacancies
{
    /// <summary>The upper bound on places a household may be approved for (the usual fostering limit is three, exceeded only by exemption).</summary>
    public const int MaxPlaces = 6;

    /// <summary>The oldest age a foster household may be approved to take: children are under 18.</summary>
    public const int MaxAge = 17;

    /// <summary>Places not taken; never negative, even if a household was over its places.</summary>
    public static int Count(int places, int placed) => Math.Max(0, places - placed);
}

/// <summary>The vacancy search's matching and ranking rules.</summary>
public static class VacancyMatching
{
    /// <summary>
    /// Whether <paramref name="offer"/> can take the children: an approved mainstream household, approved by a
    /// borough in <paramref name="scope"/>, with a place for each child, taking sibling groups when there is more
    /// than one child, whose age range covers every child and which meets every need.
    /// </summary>
    public static bool Fits(HouseholdOffer offer, PlacementNeed need, IReadOnlySet<string> scope) =>
        offer.Kind == HouseholdKind.Mainstream
        && offer.Status == ApprovalStatus.Approved
        && scope.Contains(offer.ApprovingBorough)
        && offer.Vacancies >= need.Ages.Count
        && (need.Ages.Count == 1 || offer.TakesSiblingGroups)
        && need.Ages.All(offer.TakesAge)
        && need.Needs.All(offer.Needs.Contains);

    /// <summary>
    /// The households that fit, nearest first (same postcode district, then same postcode area, then the rest),
    /// then those with most vacancies, then by id so that the order is stable.
    /// </summary>
    public static IReadOnlyList<VacancyMatch> Search(IEnumerable<HouseholdOffer> offers, PlacementNeed need, IReadOnlySet<string> scope) =>
    [
        .. offers
            .Where(o => Fits(o, need, scope))
            .Select(o => new VacancyMatch(o, PostcodeDistricts.Compare(o.PostcodeDistrict, need.PreferredDistrict)))
            .OrderBy(m => m.Location)
            .ThenByDescending(m => m.Offer.Vacancies)
            .ThenBy(m => m.Offer.HouseholdId, StringComparer.Ordinal),
    ];
}
