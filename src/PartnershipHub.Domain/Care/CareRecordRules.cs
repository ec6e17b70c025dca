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

    /// <summary>
    /// Gives a record that names another by the borough's source id (a conference naming its Section 47 enquiry) the
    /// hub's record id of it, found by <paramref name="recordOfSource"/> among the child's standing records the
    /// borough sent; a source id it does not find is a violation naming it. Other records come back as they are.
    /// </summary>
    public static CareRecord ResolveSourceIds(Violations violations, CareRecord record, Func<string, string?> recordOfSource)
    {
        if (record is not Conference { Section47SourceId: { } sourceId } conference)
        {
            return record;
        }

        if (recordOfSource(sourceId) is { } recordId)
        {
            return conference with { Section47Id = recordId };
        }

        violations.Add("section_47_source_id", $"names {sourceId}, which your borough has not sent (or has purged): send that Section 47 enquiry first.");
        return record;
    }

    /// <summary>
    /// Checks a record that can only be about a child who has been born (an episode of care, a looked-after review,
    /// a missing episode, CSE risk, an adoption milestone, a care leaver's status) is not dated before the child's
    /// known date of birth. Referrals, assessments, enquiries, conferences and plans may be about an unborn child.
    /// </summary>
    public static void CheckAfterBirth(Violations violations, CareRecord record, DateOnly? birthDate)
    {
        if (birthDate is { } born && record.Date < born && NeedsBornChild(record.Kind))
        {
            violations.Add(DateField(record.Kind), $"is before the child's date of birth ({born:yyyy-MM-dd}).");
        }
    }

    /// <summary>The first record of a child's that could only be about a born child, to check a date of birth against.</summary>
    public static CareRecord? FirstAfterBirth(IEnumerable<CareRecord> records) =>
        records.Where(r => NeedsBornChild(r.Kind)).MinBy(r => r.Date);

    private static string DateField(CareRecordKind kind) => kind switch
    {
        CareRecordKind.CareReview => "review_date",
        CareRecordKind.CseRisk => "assessed_date",
        CareRecordKind.AdoptionMilestone => "milestone_date",
        CareRecordKind.CareLeaverStatus => "status_date",
        _ => "start_date",
    };

    private static bool NeedsBornChild(CareRecordKind kind) => kind is CareRecordKind.CareEpisode or CareRecordKind.CareReview
        or CareRecordKind.MissingEpisode or CareRecordKind.CseRisk or CareRecordKind.AdoptionMilestone or CareRecordKind.CareLeaverStatus;

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
