using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Care;

/// <summary>A record of a child's care with the hub's id for it.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Record">The record as it stands.</param>
public sealed record IdentifiedRecord(string Id, CareRecord Record);

/// <summary>
/// The statutory returns' rules between a child's records: no overlapping episodes or plans of one kind, a
/// conference follows its Section 47 enquiry, a looked-after review falls in a period of care, each adoption
/// milestone once and in order.
/// </summary>
public static class CareRecordRules
{
    /// <summary>
    /// Checks <paramref name="candidate"/> on its own and against the child's <paramref name="others"/> (which do
    /// not include the record being corrected).
    /// </summary>
    public static void Check(Violations violations, CareRecord candidate, IReadOnlyList<IdentifiedRecord> others)
    {
        candidate.Check(violations);
        if (!violations.IsEmpty)
        {
            return;
        }

        if (candidate.Period is { } period)
        {
            DatedPeriods.CheckNoOverlap(violations, "start_date", period, others
                .Where(o => o.Record.OverlapGroup == candidate.OverlapGroup && o.Record.Period is not null)
                .Select(o => (o.Id, o.Record.Period!)));
        }

        switch (candidate)
        {
            case Conference conference:
                CheckFollowsEnquiry(violations, conference, others);
                break;
            case CareReview review when !others.Any(o => o.Record is CareEpisode episode && episode.Covers(review.ReviewDate)):
                violations.Add("review_date", "is not in a period of care: record the episode of care first.");
                break;
            case AdoptionMilestone milestone:
                CheckMilestoneOrder(violations, milestone, others.Select(o => o.Record).OfType<AdoptionMilestone>());
                break;
        }
    }

    private static void CheckFollowsEnquiry(Violations violations, Conference conference, IReadOnlyList<IdentifiedRecord> others)
    {
        if (others.FirstOrDefault(o => o.Id == conference.Section47Id)?.Record is not Section47Enquiry enquiry)
        {
            violations.Add("section_47_id", "names no Section 47 enquiry of this child.");
        }
        else if (conference.ConferenceDate < enquiry.StrategyDiscussionDate)
        {
            violations.Add("conference_date", $"is before the strategy discussion ({enquiry.StrategyDiscussionDate:yyyy-MM-dd}) that started the enquiry.");
        }
    }

    private static void CheckMilestoneOrder(Violations violations, AdoptionMilestone milestone, IEnumerable<AdoptionMilestone> others)
    {
        foreach (var other in others)
        {
            if (other.Step == milestone.Step)
            {
                violations.Add("step", $"is already recorded ({other.MilestoneDate:yyyy-MM-dd}); correct that record instead.");
                return;
            }

            if ((other.Step < milestone.Step && other.MilestoneDate > milestone.MilestoneDate)
                || (other.Step > milestone.Step && other.MilestoneDate < milestone.MilestoneDate))
            {
                violations.Add("milestone_date", $"is out of order with {other.Step} ({other.MilestoneDate:yyyy-MM-dd}).");
                return;
            }
        }
    }
}
