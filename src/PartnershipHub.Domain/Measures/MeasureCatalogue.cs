namespace PartnershipHub.Domain.Measures;

/// <summary>How a measure is formed from its counters.</summary>
public enum MeasureKind
{
    /// <summary>A count of children or events (with a rate per 10,000 children when it has one).</summary>
    Count = 1,

    /// <summary>A numerator as a percentage of a denominator.</summary>
    Percentage = 2,

    /// <summary>A sum of days divided by the number of children (whole days, rounded to one decimal).</summary>
    Average = 3,

    /// <summary>The median of whole hours, from counts per hour (the lower median of an even count).</summary>
    Median = 4,
}

/// <summary>Whether a measure is counted over a financial year or on an as-at date.</summary>
public enum PeriodKind
{
    /// <summary>1 April to 31 March.</summary>
    FinancialYear = 1,

    /// <summary>On a date (31 March).</summary>
    AsAt = 2,
}

/// <summary>One measure the partnership reports (domain.md section 3).</summary>
/// <param name="Name">The measure's name in requests, e.g. <c>cp-plans</c>.</param>
/// <param name="Title">What it is, as a table heading would say it.</param>
/// <param name="Kind">How it is formed.</param>
/// <param name="Periods">Financial years or as-at dates.</param>
/// <param name="Counter">The count (or, for a percentage, the numerator; for an average, the sum of days; for a median, the number of cases).</param>
/// <param name="Denominator">For a percentage the denominator; for an average the number of children; otherwise null.</param>
/// <param name="Dimensions">The breakdowns it can be split by.</param>
/// <param name="HasRate">Whether a rate per 10,000 children aged under 18 is given.</param>
public sealed record MeasureDefinition(
    string Name, string Title, MeasureKind Kind, PeriodKind Periods, string Counter, string? Denominator, IReadOnlyList<string> Dimensions, bool HasRate = false)
{
    /// <summary>The counters whose cells are read to form the measure.</summary>
    public IEnumerable<string> CountersRead => Denominator is null ? [Counter] : [Counter, Denominator];
}

/// <summary>The breakdown dimensions measures can be split by.</summary>
public static class Dimensions
{
    /// <summary>Age on the as-at date, in the statutory bands.</summary>
    public const string AgeBand = AgeBands.Dimension;

    /// <summary>The latest category of abuse of a child protection plan.</summary>
    public const string Category = "category";

    /// <summary>The SSDA903 legal status.</summary>
    public const string LegalStatus = "legal-status";

    /// <summary>The SSDA903 placement type.</summary>
    public const string PlacementType = "placement-type";

    /// <summary>The contact's BRAG rating.</summary>
    public const string Rating = "rating";

    /// <summary>A place a return home interview recorded.</summary>
    public const string Place = "place";

    /// <summary>An associate a return home interview recorded.</summary>
    public const string Associate = "associate";

    /// <summary>A push factor a return home interview recorded.</summary>
    public const string PushFactor = "push-factor";

    /// <summary>A pull factor a return home interview recorded.</summary>
    public const string PullFactor = "pull-factor";

    /// <summary>The value of a breakdown whose record does not say (e.g. a plan's latest category not given).</summary>
    public const string Unknown = "unknown";

    /// <summary>Every dimension.</summary>
    public static IReadOnlyList<string> All { get; } = [AgeBand, Category, LegalStatus, PlacementType, Rating, Place, Associate, PushFactor, PullFactor];

    /// <summary>
    /// Every value a dimension with a closed list can take, so that a dataset gives a cell (0 when no child has it)
    /// for each; empty for the free-text dimensions, whose values are only those recorded.
    /// </summary>
    public static IReadOnlyList<string> ValuesOf(string dimension) => dimension switch
    {
        AgeBand => AgeBands.All,
        Category => [.. CodeLists.StatutoryCodes.PlanCategory.Codes.Keys, Unknown],
        LegalStatus => [.. CodeLists.StatutoryCodes.LegalStatus.Codes.Keys],
        PlacementType => [.. CodeLists.StatutoryCodes.PlacementType.Codes.Keys],
        Rating => [.. Enum.GetValues<Mash.BragRating>().Where(r => r != Mash.BragRating.None).Select(r => r.ToString().ToLowerInvariant())],
        _ => [],
    };

    /// <summary>
    /// The dimensions whose values are free text from the interviews: a suppressed cell of these is left out of a
    /// dataset altogether, since its value (a place, a person) would itself say something about a few children.
    /// </summary>
    public static IReadOnlySet<string> FreeText { get; } = new HashSet<string>(StringComparer.Ordinal) { Place, Associate, PushFactor, PullFactor };

    /// <summary>A free-text value as a breakdown holds it: trimmed, spaces collapsed, lower case, at most 60 characters.</summary>
    public static string Normalise(string text)
    {
        var words = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return words.Length <= 60 ? words : words[..60];
    }
}

/// <summary>Every measure of domain.md section 3, defined in one place: which counters form it and how.</summary>
public static class MeasureCatalogue
{
    private static readonly string[] None = [];

    /// <summary>Every measure, in the order of the table in domain.md.</summary>
    public static IReadOnlyList<MeasureDefinition> All { get; } =
    [
        new("referrals", "Referrals received", MeasureKind.Count, PeriodKind.FinancialYear, Counters.Referrals, null, None, HasRate: true),
        new("re-referrals", "Re-referrals within 12 months (% of referrals)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.ReReferrals, Counters.Referrals, None),
        new("assessments-on-time", "Single assessments completed within 45 working days (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.AssessmentsOnTime, Counters.AssessmentsCompleted, None),
        new("s47-enquiries", "Section 47 enquiries started", MeasureKind.Count, PeriodKind.FinancialYear, Counters.Section47Started, null, None, HasRate: true),
        new("icpc-after-s47", "Initial conferences that followed a Section 47 enquiry", MeasureKind.Count, PeriodKind.FinancialYear, Counters.ConferencesAfterSection47, null, None),
        new("s47-leading-to-icpc", "Section 47 enquiries leading to an initial conference (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.Section47WithConference, Counters.Section47Started, None),
        new("icpc-resulting-in-plan", "Initial conferences resulting in a child protection plan (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.ConferencesWithPlan, Counters.Conferences, None),
        new("icpc-on-time", "Initial conferences within 15 working days of the strategy discussion (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.ConferencesOnTime, Counters.ConferencesAfterSection47, None),
        new("cp-plans", "Children subject to a child protection plan", MeasureKind.Count, PeriodKind.AsAt, Counters.ChildProtectionPlans, null, [Dimensions.AgeBand, Dimensions.Category], HasRate: true),
        new("cp-plans-started", "Child protection plans started", MeasureKind.Count, PeriodKind.FinancialYear, Counters.PlansStarted, null, None),
        new("cp-plans-ended", "Child protection plans ended", MeasureKind.Count, PeriodKind.FinancialYear, Counters.PlansEnded, null, None),
        new("cp-plans-ended-after-2-years", "Plans ended that lasted 2 years or more (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.PlansEndedAfterTwoYears, Counters.PlansEnded, None),
        new("cp-plans-repeat", "Plans started that were second or subsequent (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.PlansStartedRepeat, Counters.PlansStarted, None),
        new("looked-after", "Children looked after", MeasureKind.Count, PeriodKind.AsAt, Counters.LookedAfter, null, [Dimensions.AgeBand, Dimensions.LegalStatus, Dimensions.PlacementType], HasRate: true),
        new("placed-outside-borough", "Looked-after children placed outside the borough (% of those whose placement's district is known)", MeasureKind.Percentage, PeriodKind.AsAt, Counters.PlacedOutsideBorough, Counters.LookedAfterLocationKnown, None),
        new("placed-outside-london", "Looked-after children placed outside London (% of those whose placement's district is known)", MeasureKind.Percentage, PeriodKind.AsAt, Counters.PlacedOutsideLondon, Counters.LookedAfterLocationKnown, None),
        new("placement-stability", "Children looked after on 31 March with 3 or more placements in the year (%)", MeasureKind.Percentage, PeriodKind.AsAt, Counters.ThreeOrMorePlacements, Counters.LookedAfter, None),
        new("care-reviews-on-time", "Looked-after reviews held within timescale (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.CareReviewsOnTime, Counters.CareReviews, None),
        new("care-reviews-participation", "Looked-after reviews the child took part in (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.CareReviewsParticipated, Counters.CareReviews, None),
        new("cp-reviews-on-time", "Child protection reviews held within timescale (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.PlanReviewsOnTime, Counters.PlanReviews, None),
        new("missing-episodes", "Missing episodes", MeasureKind.Count, PeriodKind.FinancialYear, Counters.MissingEpisodes, null, None),
        new("missing-children", "Children who went missing", MeasureKind.Count, PeriodKind.FinancialYear, Counters.MissingChildren, null, None),
        new("rhi-offered-in-time", "Returns with a return home interview offered within 72 hours (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.InterviewsOfferedInTime, Counters.MissingReturns, None),
        new("rhi-accepted", "Return home interviews offered that were accepted (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.InterviewsAccepted, Counters.InterviewsOffered, None),
        new("rhi-places", "Return home interviews: places children went (mentions)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.InterviewPlaces, null, [Dimensions.Place]),
        new("rhi-associates", "Return home interviews: who children were with (mentions)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.InterviewAssociates, null, [Dimensions.Associate]),
        new("rhi-push-factors", "Return home interviews: push factors (mentions)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.InterviewPushFactors, null, [Dimensions.PushFactor]),
        new("rhi-pull-factors", "Return home interviews: pull factors (mentions)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.InterviewPullFactors, null, [Dimensions.PullFactor]),
        new("adoptions", "Adoption orders", MeasureKind.Count, PeriodKind.FinancialYear, Counters.Adoptions, null, None),
        new("sgos", "Special guardianship orders (children leaving care)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.SpecialGuardianshipOrders, null, None),
        new("caos", "Child arrangements orders (children leaving care)", MeasureKind.Count, PeriodKind.FinancialYear, Counters.ChildArrangementsOrders, null, None),
        new("a1-days-to-adoptive-family", "A1: average days from entering care to moving in with the adoptive family", MeasureKind.Average, PeriodKind.FinancialYear, Counters.DaysToAdoptiveFamily, Counters.MovedInWithAdopters, None),
        new("a2-days-placement-order-to-match", "A2: average days from placement order to match", MeasureKind.Average, PeriodKind.FinancialYear, Counters.DaysPlacementOrderToMatch, Counters.MatchedAfterPlacementOrder, None),
        new("a3-placed-within-14-months", "A3: children moving in with adopters within 14 months of entering care (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.MovedInWithin14Months, Counters.MovedInWithAdopters, None),
        new("care-leavers-in-touch", "Care leavers in touch (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.CareLeaversInTouch, Counters.CareLeavers, None),
        new("care-leavers-eet", "Care leavers in education, employment or training (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.CareLeaversInEducationEmploymentOrTraining, Counters.CareLeavers, None),
        new("care-leavers-suitable-accommodation", "Care leavers in suitable accommodation (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.CareLeaversSuitablyAccommodated, Counters.CareLeavers, None),
        new("mash-requests-on-time", "Agency information requests answered by their due time (%)", MeasureKind.Percentage, PeriodKind.FinancialYear, Counters.RequestsAnsweredOnTime, Counters.RequestsDue, None),
        new("mash-median-hours-to-decision", "Median whole hours from contact to MASH decision", MeasureKind.Median, PeriodKind.FinancialYear, Counters.MashDecisions, null, [Dimensions.Rating]),
    ];

    private static readonly Dictionary<string, MeasureDefinition> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The measure named <paramref name="name"/>, or null.</summary>
    public static MeasureDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// The denominators a counter is the numerator of: when numerator and denominator differ by 1 to 4, showing
    /// both would reveal that small number (e.g. 2 assessments late), so the numerator is suppressed too.
    /// </summary>
    public static IReadOnlyList<string> ComplementsOf(string counter) =>
        [.. All.Where(m => m.Kind == MeasureKind.Percentage && m.Counter == counter).Select(m => m.Denominator!).Distinct()];
}
