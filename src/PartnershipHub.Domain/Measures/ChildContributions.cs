using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Care;

namespace PartnershipHub.Domain.Measures;

/// <summary>
/// What one child adds to the partnership's figures, worked out from the child's facts alone: a count per cell
/// (borough, period, counter, breakdown). A borough's totals are the sums of its children's contributions, so when a
/// child's records change the totals move by the difference between the child's contributions before and after,
/// and a back-dated correction moves the past periods it touches.
/// </summary>
public static class ChildContributions
{
    /// <summary>The child's contributions, keyed by <see cref="MeasureCell.ToString"/>.</summary>
    public static Dictionary<string, long> Of(ChildFacts child)
    {
        var tally = new Tally(child.Borough);
        var records = child.Records;
        Referrals(tally, Of<Referral>(records));
        Assessments(tally, Of<Assessment>(records), Of<Referral>(records));
        Enquiries(tally, records);
        Plans(tally, Of<Plan>(records).Where(p => p.Type == PlanType.ChildProtection), child.BirthDate);
        var episodes = Of<CareEpisode>(records).OrderBy(e => e.StartDate).ToList();
        LookedAfter(tally, child.Borough, episodes, child.BirthDate);
        CareReviews(tally, episodes, Of<CareReview>(records));
        Missing(tally, Of<MissingEpisode>(records));
        Adoption(tally, episodes, Of<AdoptionMilestone>(records));
        CareLeavers(tally, Of<CareLeaverStatus>(records));
        Mash(tally, child.Contacts);
        return tally.Counts;
    }

    private static List<T> Of<T>(IReadOnlyList<IdentifiedRecord> records) => [.. records.Select(r => r.Record).OfType<T>()];

    private static string Year(DateOnly day) => ReportingPeriods.FinancialYear(day);

    private static void Referrals(Tally tally, List<Referral> referrals)
    {
        var dates = referrals.Select(r => r.ReferralDate).ToList();
        foreach (var referral in referrals)
        {
            tally.Add(Year(referral.ReferralDate), Counters.Referrals);
            tally.AddIf(Timescales.IsReReferral(referral.ReferralDate, dates), Year(referral.ReferralDate), Counters.ReReferrals);
        }
    }

    private static void Assessments(Tally tally, List<Assessment> assessments, List<Referral> referrals)
    {
        foreach (var assessment in assessments)
        {
            if (assessment.AuthorisedDate is { } done)
            {
                tally.Add(Year(done), Counters.AssessmentsCompleted);
                tally.AddIf(done <= Timescales.AssessmentDue(assessment.StartDate, referrals.Select(r => r.ReferralDate)), Year(done), Counters.AssessmentsOnTime);
            }
        }
    }

    private static void Enquiries(Tally tally, IReadOnlyList<IdentifiedRecord> records)
    {
        var enquiries = records.Where(r => r.Record is Section47Enquiry).ToDictionary(r => r.Id, r => (Section47Enquiry)r.Record, StringComparer.Ordinal);
        var conferences = Of<Conference>(records);
        foreach (var (id, enquiry) in enquiries)
        {
            tally.Add(Year(enquiry.StartDate), Counters.Section47Started);
            tally.AddIf(conferences.Any(c => c.Section47Id == id), Year(enquiry.StartDate), Counters.Section47WithConference);
        }

        foreach (var conference in conferences)
        {
            var year = Year(conference.ConferenceDate);
            tally.Add(year, Counters.Conferences);
            tally.AddIf(conference.ResultedInPlan, year, Counters.ConferencesWithPlan);
            if (enquiries.TryGetValue(conference.Section47Id, out var enquiry))
            {
                tally.Add(year, Counters.ConferencesAfterSection47);
                tally.AddIf(conference.ConferenceDate <= Timescales.ConferenceDue(enquiry.StrategyDiscussionDate), year, Counters.ConferencesOnTime);
            }
        }
    }

    private static void Plans(Tally tally, IEnumerable<Plan> plans, DateOnly? birthDate)
    {
        foreach (var plan in plans)
        {
            tally.Add(Year(plan.StartDate), Counters.PlansStarted);
            tally.AddIf(plan.IsRepeat, Year(plan.StartDate), Counters.PlansStartedRepeat);
            if (plan.EndDate is { } ended)
            {
                tally.Add(Year(ended), Counters.PlansEnded);
                tally.AddIf(ended >= plan.StartDate.AddYears(2), Year(ended), Counters.PlansEndedAfterTwoYears);
            }

            // A plan that ends on 31 March no longer counts on that day, as an episode ending that day does not.
            foreach (var day in ReportingPeriods.AsAtDatesWithin(plan.StartDate, plan.EndDate))
            {
                tally.Add(ReportingPeriods.AsAt(day), Counters.ChildProtectionPlans,
                    (Dimensions.AgeBand, AgeBands.Of(birthDate, day)), (Dimensions.Category, plan.LatestCategory ?? Dimensions.Unknown));
            }

            DateOnly? previous = null;
            foreach (var review in plan.ReviewDates.Order())
            {
                tally.Add(Year(review), Counters.PlanReviews);
                tally.AddIf(review <= Timescales.PlanReviewDue(plan.StartDate, previous), Year(review), Counters.PlanReviewsOnTime);
                previous = review;
            }
        }
    }

    private static void LookedAfter(Tally tally, string borough, List<CareEpisode> episodes, DateOnly? birthDate)
    {
        foreach (var episode in episodes)
        {
            foreach (var day in ReportingPeriods.AsAtDatesWithin(episode.StartDate, episode.EndDate))
            {
                var asAt = ReportingPeriods.AsAt(day);
                tally.Add(asAt, Counters.LookedAfter, (Dimensions.AgeBand, AgeBands.Of(birthDate, day)),
                    (Dimensions.LegalStatus, episode.LegalStatus), (Dimensions.PlacementType, episode.PlacementType));
                if (episode.PostcodeDistrict is { } district)
                {
                    tally.Add(asAt, Counters.LookedAfterLocationKnown);
                    tally.AddIf(!PlacementLocations.IsInBorough(borough, district), asAt, Counters.PlacedOutsideBorough);
                    tally.AddIf(!PlacementLocations.IsInLondon(district), asAt, Counters.PlacedOutsideLondon);
                }
                tally.AddIf(PlacementsDuringYearTo(episodes, day) >= 3, asAt, Counters.ThreeOrMorePlacements);
            }
        }
    }

    /// <summary>
    /// The placements a child had in the year ending <paramref name="yearEnd"/>: the placement the child was in when
    /// the year (or care) started, and every move or new period of care after it.
    /// </summary>
    private static int PlacementsDuringYearTo(List<CareEpisode> ordered, DateOnly yearEnd)
    {
        var year = new DatedPeriod(ReportingPeriods.YearStartBefore(yearEnd), yearEnd);
        var during = ordered.Where(e => e.Period.Overlaps(year)).ToList();
        return during.Count == 0 ? 0 : 1 + during.Skip(1).Count(e => e.IsPlacementMove || e.ReasonForNewEpisode == CareEpisode.StartedToBeLookedAfter);
    }

    private static void CareReviews(Tally tally, List<CareEpisode> episodes, List<CareReview> reviews)
    {
        var byPeriod = reviews.OrderBy(r => r.ReviewDate)
            .Select(r => (Review: r, Start: PeriodOfCareStart(episodes, r.ReviewDate)))
            .Where(r => r.Start is not null)
            .GroupBy(r => r.Start!.Value);
        foreach (var period in byPeriod)
        {
            var earlier = new List<DateOnly>();
            foreach (var (review, _) in period)
            {
                var year = Year(review.ReviewDate);
                tally.Add(year, Counters.CareReviews);
                tally.AddIf(review.ReviewDate <= Timescales.CareReviewDue(period.Key, earlier), year, Counters.CareReviewsOnTime);
                tally.AddIf(review.ChildParticipated, year, Counters.CareReviewsParticipated);
                earlier.Add(review.ReviewDate);
            }
        }
    }

    /// <summary>The day the period of care in force on <paramref name="day"/> started; null when the child was not looked after.</summary>
    private static DateOnly? PeriodOfCareStart(List<CareEpisode> ordered, DateOnly day)
    {
        var index = ordered.FindIndex(e => e.Covers(day));
        return index < 0 ? null : ordered[CareSummary.PeriodStartIndex(ordered, index)].StartDate;
    }

    private static void Missing(Tally tally, List<MissingEpisode> episodes)
    {
        foreach (var episode in episodes)
        {
            tally.Add(Year(episode.StartDate), Counters.MissingEpisodes);
            if (episode.EndDate is { } returned)
            {
                var year = Year(returned);
                tally.Add(year, Counters.MissingReturns);
                tally.AddIf(episode.InterviewOfferedInTime, year, Counters.InterviewsOfferedInTime);
                tally.AddIf(episode.Interview is not null, year, Counters.InterviewsOffered);
                tally.AddIf(episode.Interview?.Accepted == true, year, Counters.InterviewsAccepted);
                if (episode.Interview is { Accepted: true } interview)
                {
                    Collate(tally, year, Counters.InterviewPlaces, Dimensions.Place, interview.Places);
                    Collate(tally, year, Counters.InterviewAssociates, Dimensions.Associate, interview.Associates);
                    Collate(tally, year, Counters.InterviewPushFactors, Dimensions.PushFactor, interview.PushFactors);
                    Collate(tally, year, Counters.InterviewPullFactors, Dimensions.PullFactor, interview.PullFactors);
                }
            }
        }

        foreach (var year in episodes.Select(e => Year(e.StartDate)).Distinct())
        {
            tally.Add(year, Counters.MissingChildren);
        }
    }

    /// <summary>Counts each thing an interview recorded once per interview, however often it was written down.</summary>
    private static void Collate(Tally tally, string year, string counter, string dimension, IReadOnlyList<string> mentions)
    {
        foreach (var mention in mentions.Select(Dimensions.Normalise).Where(m => m.Length > 0).Distinct())
        {
            tally.Add(year, counter, (dimension, mention));
        }
    }

    private static void Adoption(Tally tally, List<CareEpisode> episodes, List<AdoptionMilestone> milestones)
    {
        foreach (var order in milestones.Where(m => m.Step == AdoptionStep.AdoptionOrder))
        {
            tally.Add(Year(order.MilestoneDate), Counters.Adoptions);
        }

        foreach (var episode in episodes.Where(e => e.EndDate is not null))
        {
            var year = Year(episode.EndDate!.Value);
            tally.AddIf(episode.ReasonCeased is "E45" or "E46" or "E47" or "E48", year, Counters.SpecialGuardianshipOrders);
            tally.AddIf(episode.ReasonCeased == "E41", year, Counters.ChildArrangementsOrders);
        }

        var placed = milestones.FirstOrDefault(m => m.Step == AdoptionStep.PlacedForAdoption)?.MilestoneDate;
        if (placed is { } movedIn && CareSummary.DaysToAdoptiveFamily(episodes, milestones) is { } days)
        {
            var year = Year(movedIn);
            tally.Add(year, Counters.MovedInWithAdopters);
            tally.Add(year, Counters.DaysToAdoptiveFamily, days);
            tally.AddIf(movedIn <= movedIn.AddDays(-days).AddMonths(14), year, Counters.MovedInWithin14Months);
        }

        var ordered = milestones.FirstOrDefault(m => m.Step == AdoptionStep.PlacementOrder)?.MilestoneDate;
        var matched = milestones.FirstOrDefault(m => m.Step == AdoptionStep.Matched)?.MilestoneDate;
        if (ordered is { } placementOrder && matched is { } match && match >= placementOrder)
        {
            tally.Add(Year(match), Counters.MatchedAfterPlacementOrder);
            tally.Add(Year(match), Counters.DaysPlacementOrderToMatch, match.DayNumber - placementOrder.DayNumber);
        }
    }

    private static void CareLeavers(Tally tally, List<CareLeaverStatus> statuses)
    {
        foreach (var latest in statuses.GroupBy(s => Year(s.StatusDate)).Select(g => g.MaxBy(s => s.StatusDate)!))
        {
            var year = Year(latest.StatusDate);
            tally.Add(year, Counters.CareLeavers);
            tally.AddIf(latest.IsInTouch, year, Counters.CareLeaversInTouch);
            tally.AddIf(latest.InEducationEmploymentOrTraining, year, Counters.CareLeaversInEducationEmploymentOrTraining);
            tally.AddIf(latest.AccommodationSuitable == true, year, Counters.CareLeaversSuitablyAccommodated);
        }
    }

    private static void Mash(Tally tally, IReadOnlyList<ContactFacts> contacts)
    {
        foreach (var contact in contacts)
        {
            var borough = new Tally(contact.Borough, tally.Counts);
            foreach (var request in contact.Requests.Where(r => r.AnsweredAt is not null || contact.DecidedAt is not null))
            {
                var year = Year(LondonTime.DateOf(request.DueAt));
                borough.Add(year, Counters.RequestsDue);
                borough.AddIf(request.AnsweredAt <= request.DueAt, year, Counters.RequestsAnsweredOnTime);
            }

            if (contact.DecidedAt is { } decided)
            {
                var year = Year(LondonTime.DateOf(decided));
                var rating = (Dimensions.Rating, contact.Rating.ToString().ToLowerInvariant());
                var hours = (int)Math.Floor((decided - contact.ReceivedAt).TotalHours);
                borough.Add(year, Counters.MashDecisions, rating);
                borough.Add(year, Counters.DecisionsAfterHours(hours), rating);
            }
        }
    }

    /// <summary>Adds counts to the cells of one borough: the total and each breakdown given.</summary>
    private sealed class Tally(string borough, Dictionary<string, long>? counts = null)
    {
        public Dictionary<string, long> Counts { get; } = counts ?? new(StringComparer.Ordinal);

        public void Add(string period, string counter, params (string Dimension, string Value)[] breakdowns) => Add(period, counter, 1, breakdowns);

        public void Add(string period, string counter, long amount, params (string Dimension, string Value)[] breakdowns)
        {
            if (!ReportingPeriods.IsKept(period))
            {
                return;
            }

            Increment(new MeasureCell(borough, period, counter, string.Empty), amount);
            foreach (var (dimension, value) in breakdowns)
            {
                Increment(new MeasureCell(borough, period, counter, MeasureCell.BreakdownOf(dimension, value)), amount);
            }
        }

        public void AddIf(bool condition, string period, string counter)
        {
            if (condition)
            {
                Add(period, counter);
            }
        }

        private void Increment(MeasureCell cell, long amount)
        {
            var key = cell.ToString();
            Counts[key] = Counts.GetValueOrDefault(key) + amount;
        }
    }
}
