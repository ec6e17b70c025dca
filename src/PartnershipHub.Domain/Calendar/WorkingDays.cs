namespace PartnershipHub.Domain.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday, less bank holidays. The bank holidays are data; add a
/// year's dates when they are published.
/// </summary>
public static class WorkingDays
{
    private static readonly HashSet<DateOnly> BankHolidays =
    [
        .. Dates(2024, "01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"),
        .. Dates(2025, "01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
        .. Dates(2026, "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
        .. Dates(2027, "01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"),
    ];

    /// <summary>Whether <paramref name="day"/> is a working day.</summary>
    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !BankHolidays.Contains(day);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/>.</summary>
    public static DateOnly AddDays(DateOnly start, int days)
    {
        var day = start;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// The moment <paramref name="days"/> working days after <paramref name="start"/>: the same time of day on the
    /// <paramref name="days"/>-th working day that follows the start's date.
    /// </summary>
    public static DateTimeOffset Add(DateTimeOffset start, int days)
    {
        var day = AddDays(DateOnly.FromDateTime(start.UtcDateTime), days);
        return new DateTimeOffset(day.ToDateTime(TimeOnly.FromDateTime(start.UtcDateTime)), TimeSpan.Zero);
    }

    private static IEnumerable<DateOnly> Dates(int year, params string[] monthDays) =>
        monthDays.Select(md => DateOnly.ParseExact($"{year}-{md}", "yyyy-MM-dd"));
}
