using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Care;

/// <summary>A period with a start and, once it has ended, an end (both inclusive days).</summary>
/// <param name="Start">The first day.</param>
/// <param name="End">The last day; null while open.</param>
public sealed record DatedPeriod(DateOnly Start, DateOnly? End)
{
    /// <summary>Whether the two periods share a day. An open period runs on for ever.</summary>
    public bool Overlaps(DatedPeriod other) =>
        Start <= (other.End ?? DateOnly.MaxValue) && other.Start <= (End ?? DateOnly.MaxValue);
}

/// <summary>The statutory returns' rules for dated records: dates in order, no overlapping episodes of one kind.</summary>
public static class DatedPeriods
{
    /// <summary>
    /// Checks an end date is not before its start (nor on it, when <paramref name="sameDayAllowed"/> is false, as
    /// for a plan, which cannot start and end on the same day).
    /// </summary>
    public static void CheckOrder(Violations violations, string endField, DatedPeriod period, bool sameDayAllowed)
    {
        if (period.End is not { } end)
        {
            return;
        }

        if (end < period.Start)
        {
            violations.Add(endField, $"is before the start ({period.Start:yyyy-MM-dd}).");
        }
        else if (end == period.Start && !sameDayAllowed)
        {
            violations.Add(endField, "is the same day as the start; a plan cannot start and end on the same day.");
        }
    }

    /// <summary>
    /// Checks <paramref name="candidate"/> overlaps none of the child's other periods of the same kind, naming the
    /// first it overlaps.
    /// </summary>
    public static void CheckNoOverlap(Violations violations, string field, DatedPeriod candidate, IEnumerable<(string Id, DatedPeriod Period)> others)
    {
        foreach (var (id, period) in others)
        {
            if (candidate.Overlaps(period))
            {
                violations.Add(field, $"overlaps {id} ({period.Start:yyyy-MM-dd} to {period.End?.ToString("yyyy-MM-dd") ?? "open"}).");
                return;
            }
        }
    }
}
