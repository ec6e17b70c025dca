namespace PartnershipHub.Domain.Care;

/// <summary>Whether a single assessment was or is being completed within 45 working days of its referral.</summary>
/// <param name="Id">The assessment's record id.</param>
/// <param name="Due">The day it is due.</param>
/// <param name="OnTime">True or false once authorised, or once overdue; null while it goes on within time.</param>
public sealed record AssessmentTimeliness(string Id, DateOnly Due, bool? OnTime);

/// <summary>Where a Section 47 enquiry's initial conference stands against its 15 working days.</summary>
/// <param name="Id">The enquiry's record id.</param>
/// <param name="ConferenceDue">The day the conference is due.</param>
/// <param name="ConferenceDate">The day it was held, if it was.</param>
/// <param name="ConferenceOnTime">True or false once held, or once overdue without a conference; null otherwise.</param>
/// <param name="MultiAgencyStrategy">Whether the strategy discussion was multi-agency.</param>
public sealed record EnquiryTimeliness(string Id, DateOnly ConferenceDue, DateOnly? ConferenceDate, bool? ConferenceOnTime, bool MultiAgencyStrategy);

/// <summary>The child protection plan in force.</summary>
/// <param name="Id">The plan's record id.</param>
/// <param name="StartDate">The day it started.</param>
/// <param name="LatestCategory">The latest category of abuse.</param>
/// <param name="Repeat">Whether it is a second or subsequent plan.</param>
/// <param name="NextReviewDue">The day the next review is due.</param>
public sealed record PlanStatus(string Id, DateOnly StartDate, string? LatestCategory, bool Repeat, DateOnly NextReviewDue);

/// <summary>The period of care the child is in.</summary>
/// <param name="EpisodeId">The current episode's record id.</param>
/// <param name="PeriodStart">The day the period of care started.</param>
/// <param name="LegalStatus">The current legal status.</param>
/// <param name="PlacementType">The current placement type.</param>
/// <param name="Placements">How many placements the child has had in this period of care.</param>
/// <param name="NextReviewDue">The day the next looked-after review is due.</param>
public sealed record LookedAfterStatus(string EpisodeId, DateOnly PeriodStart, string LegalStatus, string PlacementType, int Placements, DateOnly NextReviewDue);

/// <summary>
/// What a practitioner needs to see at a glance, worked out from a child's records on a day: re-referrals,
/// timescales met or missed, the plan and the period of care in force, missing episodes, the CSE category and the
/// adoption scorecard's days from care to the adoptive family.
/// </summary>
/// <param name="ReReferrals">The ids of referrals within 12 months of an earlier referral.</param>
/// <param name="Assessments">Each assessment against its timescale.</param>
/// <param name="Section47Enquiries">Each enquiry against the conference timescale.</param>
/// <param name="ChildProtectionPlan">The child protection plan in force, if any.</param>
/// <param name="LookedAfter">The period of care in force, if any.</param>
/// <param name="MissingEpisodes">How many missing episodes are recorded.</param>
/// <param name="CurrentlyMissing">Whether a missing episode has no end.</param>
/// <param name="InterviewsOfferedInTime">How many returns had an interview offered within 72 hours.</param>
/// <param name="CseCategory">The latest CSE risk category, if any.</param>
/// <param name="DaysFromCareToAdoptiveFamily">Days from entering care to moving in with the adoptive family (scorecard A1).</param>
/// <param name="CareLeaver">The latest care leaver status, if any.</param>
public sealed record CareSummary(
    IReadOnlyList<string> ReReferrals,
    IReadOnlyList<AssessmentTimeliness> Assessments,
    IReadOnlyList<EnquiryTimeliness> Section47Enquiries,
    PlanStatus? ChildProtectionPlan,
    LookedAfterStatus? LookedAfter,
    int MissingEpisodes,
    bool CurrentlyMissing,
    int InterviewsOfferedInTime,
    string? CseCategory,
    int? DaysFromCareToAdoptiveFamily,
    CareLeaverStatus? CareLeaver)
{
    /// <summary>Works out the summary of <paramref name="records"/> on <paramref name="today"/>.</summary>
    public static CareSummary Of(IReadOnlyList<IdentifiedRecord> records, DateOnly today)
    {
        var referrals = Of<Referral>(records);
        var episodes = Of<CareEpisode>(records).OrderBy(e => e.Record.StartDate).ToList();
        var missing = Of<MissingEpisode>(records).Select(m => m.Record).ToList();
        return new CareSummary(
            [.. referrals.Where(r => Timescales.IsReReferral(r.Record.ReferralDate, referrals.Select(o => o.Record.ReferralDate))).Select(r => r.Id)],
            [.. Of<Assessment>(records).Select(a => AssessmentAgainstTimescale(a.Id, a.Record, referrals.Select(r => r.Record), today))],
            [.. Of<Section47Enquiry>(records).Select(e => EnquiryAgainstTimescale(e.Id, e.Record, Of<Conference>(records).Select(c => c.Record), today))],
            CurrentPlan(Of<Plan>(records), today),
            CurrentPeriodOfCare(episodes, Of<CareReview>(records).Select(r => r.Record.ReviewDate), today),
            missing.Count,
            missing.Any(m => m.EndDate is null),
            missing.Count(m => m.InterviewOfferedInTime),
            Of<CseRisk>(records).Select(r => r.Record).Where(r => r.AssessedDate <= today).MaxBy(r => r.AssessedDate)?.Category,
            DaysToAdoptiveFamily(episodes.Select(e => e.Record).ToList(), Of<AdoptionMilestone>(records).Select(m => m.Record)),
            Of<CareLeaverStatus>(records).Select(r => r.Record).MaxBy(r => r.StatusDate));
    }

    private static List<(string Id, T Record)> Of<T>(IReadOnlyList<IdentifiedRecord> records)
        where T : CareRecord =>
        [.. records.Where(r => r.Record is T).Select(r => (r.Id, (T)r.Record))];

    private static AssessmentTimeliness AssessmentAgainstTimescale(string id, Assessment assessment, IEnumerable<Referral> referrals, DateOnly today)
    {
        var due = Timescales.AssessmentDue(assessment.StartDate, referrals.Select(r => r.ReferralDate));
        var onTime = assessment.AuthorisedDate is { } done ? done <= due : today > due ? false : (bool?)null;
        return new AssessmentTimeliness(id, due, onTime);
    }

    private static EnquiryTimeliness EnquiryAgainstTimescale(string id, Section47Enquiry enquiry, IEnumerable<Conference> conferences, DateOnly today)
    {
        var due = Timescales.ConferenceDue(enquiry.StrategyDiscussionDate);
        var held = conferences.Where(c => c.Section47Id == id).MinBy(c => c.ConferenceDate)?.ConferenceDate;
        var onTime = held is { } day ? day <= due
            : enquiry.Outcome is Section47Outcome.ConferenceToBeHeld or Section47Outcome.None && today > due ? false
            : (bool?)null;
        return new EnquiryTimeliness(id, due, held, onTime, enquiry.MultiAgencyStrategy);
    }

    private static PlanStatus? CurrentPlan(IEnumerable<(string Id, Plan Record)> plans, DateOnly today)
    {
        var (id, plan) = plans.FirstOrDefault(p => p.Record.Type == PlanType.ChildProtection && p.Record.Period.Overlaps(new DatedPeriod(today, today)));
        if (plan is null)
        {
            return null;
        }

        var lastReview = plan.ReviewDates.Count == 0 ? (DateOnly?)null : plan.ReviewDates.Max();
        return new PlanStatus(id, plan.StartDate, plan.LatestCategory, plan.IsRepeat, Timescales.PlanReviewDue(plan.StartDate, lastReview));
    }

    private static LookedAfterStatus? CurrentPeriodOfCare(List<(string Id, CareEpisode Record)> episodes, IEnumerable<DateOnly> reviews, DateOnly today)
    {
        var current = episodes.FindIndex(e => e.Record.Covers(today));
        if (current < 0)
        {
            return null;
        }

        var first = PeriodStartIndex(episodes.Select(e => e.Record).ToList(), current);
        var period = episodes.Skip(first).Take(current - first + 1).Select(e => e.Record).ToList();
        var periodStart = period[0].StartDate;
        var placements = 1 + period.Skip(1).Count(e => e.IsPlacementMove);
        var reviewsInPeriod = reviews.Where(r => r >= periodStart && r <= today).Order().ToList();
        var episode = episodes[current].Record;
        return new LookedAfterStatus(episodes[current].Id, periodStart, episode.LegalStatus, episode.PlacementType, placements,
            Timescales.CareReviewDue(periodStart, reviewsInPeriod));
    }

    /// <summary>The index of the first episode of the period of care that episode <paramref name="index"/> belongs to.</summary>
    internal static int PeriodStartIndex(List<CareEpisode> ordered, int index)
    {
        while (index > 0 && ordered[index - 1].EndDate == ordered[index].StartDate && ordered[index].ReasonForNewEpisode != CareEpisode.StartedToBeLookedAfter)
        {
            index--;
        }

        return index;
    }

    internal static int? DaysToAdoptiveFamily(List<CareEpisode> ordered, IEnumerable<AdoptionMilestone> milestones)
    {
        var placed = milestones.FirstOrDefault(m => m.Step == AdoptionStep.PlacedForAdoption)?.MilestoneDate;
        var during = placed is { } day ? ordered.FindLastIndex(e => e.StartDate <= day) : -1;
        return during < 0 ? null : placed!.Value.DayNumber - ordered[PeriodStartIndex(ordered, during)].StartDate.DayNumber;
    }
}
