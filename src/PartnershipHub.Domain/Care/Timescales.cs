using PartnershipHub.Domain.Calendar;

namespace PartnershipHub.Domain.Care;

/// <summary>
/// The statutory timescales of a child's journey (domain.md sections 2 and 3), in one place so that records,
/// overdue lists and the partnership's measures agree.
/// </summary>
public static class Timescales
{
    /// <summary>A single assessment is due 45 working days after the referral.</summary>
    public const int AssessmentWorkingDays = 45;

    /// <summary>An initial child protection conference is due 15 working days after the strategy discussion.</summary>
    public const int ConferenceWorkingDays = 15;

    /// <summary>The first looked-after review is due 20 working days after the child comes into care.</summary>
    public const int FirstCareReviewWorkingDays = 20;

    /// <summary>A return home interview is offered within 72 hours of the child's return.</summary>
    public static readonly TimeSpan ReturnHomeInterviewOffer = TimeSpan.FromHours(72);

    /// <summary>A referral within this many months of the child's previous referral is a re-referral.</summary>
    public const int ReReferralMonths = 12;

    /// <summary>The day a single assessment started by <paramref name="referral"/> is due.</summary>
    public static DateOnly AssessmentDue(DateOnly referral) => WorkingDays.AddDays(referral, AssessmentWorkingDays);

    /// <summary>
    /// The day an assessment starting on <paramref name="assessmentStart"/> is due: 45 working days after the latest
    /// referral on or before its start (after its own start when no referral is held).
    /// </summary>
    public static DateOnly AssessmentDue(DateOnly assessmentStart, IEnumerable<DateOnly> referrals) =>
        AssessmentDue(referrals.Where(r => r <= assessmentStart).DefaultIfEmpty(assessmentStart).Max());

    /// <summary>The day the initial conference following <paramref name="strategyDiscussion"/> is due.</summary>
    public static DateOnly ConferenceDue(DateOnly strategyDiscussion) => WorkingDays.AddDays(strategyDiscussion, ConferenceWorkingDays);

    /// <summary>
    /// The day the next child protection plan review is due: the first within 3 months of the plan's start, then
    /// at most every 6 months after the last review.
    /// </summary>
    public static DateOnly PlanReviewDue(DateOnly planStart, DateOnly? lastReview) =>
        lastReview is { } last ? last.AddMonths(6) : planStart.AddMonths(3);

    /// <summary>
    /// The day the next looked-after review is due: the first within 20 working days of coming into care, the
    /// second within 3 months of the first, then every 6 months.
    /// </summary>
    public static DateOnly CareReviewDue(DateOnly cameIntoCare, IReadOnlyList<DateOnly> reviews) => reviews.Count switch
    {
        0 => WorkingDays.AddDays(cameIntoCare, FirstCareReviewWorkingDays),
        1 => reviews[0].AddMonths(3),
        _ => reviews[^1].AddMonths(6),
    };

    /// <summary>Whether a referral on <paramref name="referral"/> is a re-referral: within 12 months of an earlier one.</summary>
    public static bool IsReReferral(DateOnly referral, IEnumerable<DateOnly> earlierReferrals) =>
        earlierReferrals.Any(earlier => earlier < referral && earlier.AddMonths(ReReferralMonths) >= referral);
}
