using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.PrivateFostering;

/// <summary>Who told the borough about a private fostering arrangement (domain.md section 2, point 11).</summary>
public enum NotificationSource
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The school admissions service.</summary>
    SchoolAdmissions = 1,

    /// <summary>The benefits service.</summary>
    Benefits = 2,

    /// <summary>A school.</summary>
    Schools = 3,

    /// <summary>Health: a GP, health visitor, school nurse or hospital.</summary>
    Health = 4,

    /// <summary>The parent, the carer or the child.</summary>
    SelfReferral = 5,

    /// <summary>Anyone else.</summary>
    Other = 6,

    /// <summary>Another borough, through the hub, when the child moved from there (set by the hub, never by a caller).</summary>
    TransferFromAnotherBorough = 7,
}

/// <summary>Where a private fostering arrangement stands in one borough's register.</summary>
public enum ArrangementStatus
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>The child lives in the borough with the private foster carer.</summary>
    Active = 1,

    /// <summary>The arrangement ended.</summary>
    Ended = 2,

    /// <summary>The child moved to another borough, which the hub notified; the arrangement continues there.</summary>
    Moved = 3,
}

/// <summary>
/// The statutory rules of private fostering: a child under 16 (18 if disabled) cared for by someone who is not a
/// close relative for 28 days or more is notified to the borough, which visits within 7 working days (The Children
/// (Private Arrangements for Fostering) Regulations 2005, regulation 4).
/// </summary>
public static class PrivateFosteringRules
{
    /// <summary>The initial visit is due this many working days after the borough is notified.</summary>
    public const int InitialVisitWorkingDays = 7;

    /// <summary>The day the borough's initial visit falls due for a notification received on <paramref name="notified"/>.</summary>
    public static DateOnly InitialVisitDue(DateOnly notified) => WorkingDays.AddDays(notified, InitialVisitWorkingDays);

    /// <summary>A proposed arrangement is notified at least 6 and at most 13 weeks before it starts (regulation 3).</summary>
    public const int MaxWeeksNotifiedAhead = 13;

    /// <summary>An arrangement already begun (as in an emergency) is notified within 48 hours of its start (regulation 3).</summary>
    public const int DaysToNotifyAfterStart = 2;

    /// <summary>Whether a notification on <paramref name="notified"/> of an arrangement that began on <paramref name="start"/> came later than the law allows.</summary>
    public static bool IsLate(DateOnly notified, DateOnly start) => notified > start.AddDays(DaysToNotifyAfterStart);

    /// <summary>
    /// Checks a notification's dates: the notification not in the future, and the arrangement's start (when known)
    /// at most 13 weeks after it.
    /// </summary>
    public static void CheckNotification(Violations violations, DateOnly notified, DateOnly? start, DateOnly today)
    {
        if (notified > today)
        {
            violations.Add("notification_date", $"is in the future (today is {today:yyyy-MM-dd}).");
        }

        if (start is { } begins && begins > notified.AddDays(7 * MaxWeeksNotifiedAhead))
        {
            violations.Add("arrangement_start_date", $"is more than {MaxWeeksNotifiedAhead} weeks after the notification; a proposed arrangement is notified 6 to {MaxWeeksNotifiedAhead} weeks ahead.");
        }
    }

    /// <summary>Visits are at most this many weeks apart in the arrangement's first year (regulation 8).</summary>
    public const int WeeksBetweenVisitsFirstYear = 6;

    /// <summary>Visits are at most this many weeks apart after the arrangement's first year (regulation 8).</summary>
    public const int WeeksBetweenVisitsLater = 12;

    /// <summary>
    /// The day the next visit is due: the initial visit's due day until a visit is made, then 6 weeks after the latest
    /// visit while that falls in the arrangement's first year, 12 weeks after it later.
    /// </summary>
    public static DateOnly NextVisitDue(DateOnly notified, DateOnly start, IEnumerable<DateOnly> visits)
    {
        if (!visits.Any())
        {
            return InitialVisitDue(notified);
        }

        var latest = visits.Max();
        return latest < start.AddYears(1) ? latest.AddDays(7 * WeeksBetweenVisitsFirstYear) : latest.AddDays(7 * WeeksBetweenVisitsLater);
    }

    /// <summary>Whether the initial visit was late: made after its due day, or not made and the due day has passed.</summary>
    public static bool IsInitialVisitLate(DateOnly notified, IEnumerable<DateOnly> visits, DateOnly today)
    {
        var due = InitialVisitDue(notified);
        return visits.Any() ? visits.Min() > due : today > due;
    }

    /// <summary>
    /// Checks a visit: on or after the notification, not in the future, and the child seen alone only if seen.
    /// </summary>
    public static void CheckVisit(Violations violations, DateOnly notified, DateOnly visit, bool childSeen, bool childSeenAlone, DateOnly today)
    {
        if (visit > today)
        {
            violations.Add("visit_date", $"is in the future (today is {today:yyyy-MM-dd}).");
        }
        else if (visit < notified)
        {
            violations.Add("visit_date", $"is before the borough was notified ({notified:yyyy-MM-dd}).");
        }

        if (childSeenAlone && !childSeen)
        {
            violations.Add("child_seen_alone", "is set but child_seen is not: a child seen alone was seen.");
        }
    }

    /// <summary>Checks the day an arrangement ends or the child moves: on or after the start, and not in the future.</summary>
    public static void CheckEnd(Violations violations, string field, DateOnly start, DateOnly end, DateOnly today)
    {
        if (end > today)
        {
            violations.Add(field, $"is in the future (today is {today:yyyy-MM-dd}).");
        }
        else if (end < start)
        {
            violations.Add(field, $"is before the arrangement started ({start:yyyy-MM-dd}).");
        }
    }
}
