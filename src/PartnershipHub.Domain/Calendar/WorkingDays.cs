using System.Text.Json;

namespace PartnershipHub.Domain.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday, less bank holidays. The bank holidays are data
/// (<c>bank-holidays.json</c>, an embedded resource); add a year's dates when they are published.
/// </summary>
public static class WorkingDays
{
    private static readonly HashSet<DateOnly> BankHolidays = Load();

    /// <summary>The first and last years whose bank holidays the hub holds; working days outside them count weekdays only.</summary>
    public static (int First, int Last) YearsHeld { get; } = (BankHolidays.Min().Year, BankHolidays.Max().Year);

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

    private static HashSet<DateOnly> Load()
    {
        using var stream = typeof(WorkingDays).Assembly.GetManifestResourceStream("PartnershipHub.Domain.Calendar.bank-holidays.json")
            ?? throw new InvalidOperationException("The bank holidays resource is missing from the domain assembly.");
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("dates").EnumerateObject()
            .SelectMany(year => year.Value.EnumerateArray().Select(day => DateOnly.ParseExact($"{year.Name}-{day.GetString()}", "yyyy-MM-dd")))];
    }
}
