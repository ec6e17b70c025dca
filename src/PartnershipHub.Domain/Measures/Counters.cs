namespace PartnershipHub.Domain.Measures;

/// <summary>
/// What children's records add to the totals: counts of children or events, and sums of days. Every measure of
/// <see cref="MeasureCatalogue"/> is formed from these.
/// </summary>
public static class Counters
{
    /// <summary>Referrals received in the year.</summary>
    public const string Referrals = "referrals";

    /// <summary>Referrals in the year within 12 months of the child's previous referral.</summary>
    public const string ReReferrals = "re-referrals";

    /// <summary>Single assessments authorised (completed) in the year.</summary>
    public const string AssessmentsCompleted = "assessments-completed";

    /// <summary>Of those, the ones authorised within 45 working days of their referral.</summary>
    public const string AssessmentsOnTime = "assessments-on-time";

    /// <summary>Section 47 enquiries started in the year.</summary>
    public const string Section47Started = "s47-started";

    /// <summary>Of those, the ones an initial child protection conference followed.</summary>
    public const string Section47WithConference = "s47-with-icpc";

    /// <summary>Initial child protection conferences held in the year.</summary>
    public const string Conferences = "icpc";

    /// <summary>Conferences in the year that followed a Section 47 enquiry the hub holds.</summary>
    public const string ConferencesAfterSection47 = "icpc-after-s47";

    /// <summary>Of those, the ones held within 15 working days of the strategy discussion.</summary>
    public const string ConferencesOnTime = "icpc-on-time";

    /// <summary>Conferences in the year that made the child subject to a child protection plan.</summary>
    public const string ConferencesWithPlan = "icpc-with-plan";

    /// <summary>Children subject to a child protection plan on the as-at date.</summary>
    public const string ChildProtectionPlans = "cp-plans";

    /// <summary>Child protection plans started in the year.</summary>
    public const string PlansStarted = "cp-plans-started";

    /// <summary>Of those, second or subsequent plans.</summary>
    public const string PlansStartedRepeat = "cp-plans-started-repeat";

    /// <summary>Child protection plans ended in the year.</summary>
    public const string PlansEnded = "cp-plans-ended";

    /// <summary>Of those, plans that lasted two years or more.</summary>
    public const string PlansEndedAfterTwoYears = "cp-plans-ended-2-years";

    /// <summary>Child protection plan reviews held in the year.</summary>
    public const string PlanReviews = "cp-reviews";

    /// <summary>Of those, reviews held by the day they were due.</summary>
    public const string PlanReviewsOnTime = "cp-reviews-on-time";

    /// <summary>Children looked after on the as-at date.</summary>
    public const string LookedAfter = "looked-after";

    /// <summary>
    /// Of those, children whose placement's postcode district is known (SSDA903 does not require it for every
    /// placement): the denominator of the placement location measures.
    /// </summary>
    public const string LookedAfterLocationKnown = "looked-after-location-known";

    /// <summary>Of those whose placement's district is known, children placed outside the borough.</summary>
    public const string PlacedOutsideBorough = "looked-after-outside-borough";

    /// <summary>Of those whose placement's district is known, children placed outside London.</summary>
    public const string PlacedOutsideLondon = "looked-after-outside-london";

    /// <summary>Of those (on 31 March), children with 3 or more placements during the year to that day.</summary>
    public const string ThreeOrMorePlacements = "looked-after-3-placements";

    /// <summary>Looked-after reviews held in the year.</summary>
    public const string CareReviews = "care-reviews";

    /// <summary>Of those, reviews held by the day they were due.</summary>
    public const string CareReviewsOnTime = "care-reviews-on-time";

    /// <summary>Of those, reviews the child took part in.</summary>
    public const string CareReviewsParticipated = "care-reviews-participated";

    /// <summary>Missing episodes that started in the year.</summary>
    public const string MissingEpisodes = "missing-episodes";

    /// <summary>Children with a missing episode that started in the year.</summary>
    public const string MissingChildren = "missing-children";

    /// <summary>Returns from missing in the year.</summary>
    public const string MissingReturns = "missing-returns";

    /// <summary>Of those, returns with a return home interview offered within 72 hours.</summary>
    public const string InterviewsOfferedInTime = "rhi-offered-in-time";

    /// <summary>Returns in the year with a return home interview offered.</summary>
    public const string InterviewsOffered = "rhi-offered";

    /// <summary>Of those, interviews the child accepted.</summary>
    public const string InterviewsAccepted = "rhi-accepted";

    /// <summary>Places children went to, as their return home interviews recorded them (one per mention).</summary>
    public const string InterviewPlaces = "rhi-places";

    /// <summary>Who children were with, as their return home interviews recorded them (one per mention).</summary>
    public const string InterviewAssociates = "rhi-associates";

    /// <summary>What pushed children away, as their return home interviews recorded it (one per mention).</summary>
    public const string InterviewPushFactors = "rhi-push-factors";

    /// <summary>What pulled children away, as their return home interviews recorded it (one per mention).</summary>
    public const string InterviewPullFactors = "rhi-pull-factors";

    /// <summary>Adoption orders made in the year.</summary>
    public const string Adoptions = "adoptions";

    /// <summary>Children who left care in the year on a special guardianship order (SSDA903 REC E45 to E48).</summary>
    public const string SpecialGuardianshipOrders = "sgos";

    /// <summary>Children who left care in the year on a child arrangements (residence) order (SSDA903 REC E41).</summary>
    public const string ChildArrangementsOrders = "caos";

    /// <summary>Children who moved in with their adoptive family in the year (scorecard A1 and A3 cohort).</summary>
    public const string MovedInWithAdopters = "a1-children";

    /// <summary>Their days from entering care to moving in with the adoptive family, summed (scorecard A1).</summary>
    public const string DaysToAdoptiveFamily = "a1-days";

    /// <summary>Of those, children who moved in within 14 months of entering care (scorecard A3).</summary>
    public const string MovedInWithin14Months = "a3-within-14-months";

    /// <summary>Children matched with adopters in the year after a placement order (scorecard A2 cohort).</summary>
    public const string MatchedAfterPlacementOrder = "a2-children";

    /// <summary>Their days from placement order to match, summed (scorecard A2).</summary>
    public const string DaysPlacementOrderToMatch = "a2-days";

    /// <summary>Care leavers with a status recorded in the year (the latest in the year counts).</summary>
    public const string CareLeavers = "care-leavers";

    /// <summary>Of those, care leavers the authority is in touch with.</summary>
    public const string CareLeaversInTouch = "care-leavers-in-touch";

    /// <summary>Of those, care leavers in education, employment or training.</summary>
    public const string CareLeaversInEducationEmploymentOrTraining = "care-leavers-eet";

    /// <summary>Of those, care leavers in suitable accommodation.</summary>
    public const string CareLeaversSuitablyAccommodated = "care-leavers-suitable-accommodation";

    /// <summary>MASH information requests due in the year, counted once answered or once the enquiry is decided.</summary>
    public const string RequestsDue = "mash-requests-due";

    /// <summary>Of those, requests answered by their due time.</summary>
    public const string RequestsAnsweredOnTime = "mash-requests-on-time";

    /// <summary>MASH decisions in the year (by the contact's rating).</summary>
    public const string MashDecisions = "mash-decisions";

    /// <summary>
    /// The whole hours from contact to decision are kept as counts per hour, up to this many; longer waits count in
    /// the last hour. The median of whole hours is then exact whenever it is below the cap (30 days).
    /// </summary>
    public const int DecisionHoursCap = 720;

    /// <summary>Decisions taken after this many whole hours (capped at <see cref="DecisionHoursCap"/>).</summary>
    public static string DecisionsAfterHours(int hours) => $"{MashDecisionHoursPrefix}{Math.Min(hours, DecisionHoursCap)}";

    /// <summary>The start of the per-hour decision counters' names.</summary>
    public const string MashDecisionHoursPrefix = "mash-decision-hours-";
}
