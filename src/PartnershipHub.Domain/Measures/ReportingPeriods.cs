using System.Globalization;

namespace PartnershipHub.Domain.Measures;

/// <summary>
/// The periods the partnership reports on: financial years (1 April to 31 March, named <c>2024-25</c>) and "as at"
/// dates. The as-at dates kept are each 31 March from <see cref="FirstYear"/> to <see cref="LastYear"/>: an open
/// plan or episode counts on every 31 March up to the last, and ending it later takes it off the dates after its end,
/// so the figure for a 31 March is right as soon as the day comes. Other as-at dates would each add a cell per open
/// plan or episode; the annual report needs only 31 March.
/// </summary>
public static class ReportingPeriods
{
    /// <summary>The first financial year and the first 31 March (of the year after it) the hub keeps figures for.</summary>
    public const int FirstYear = 2010;

    /// <summary>The last 31 March the hub keeps figures for (open plans and episodes count on every 31 March up to it).</summary>
    public const int LastYear = 2035;

    /// <summary>The financial year a day falls in, named by its first year's number.</summary>
    public static int FinancialYearOf(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;

    /// <summary>The name of the financial year starting on 1 April <paramref name="startYear"/>, e.g. <c>2024-25</c>.</summary>
    public static string FinancialYear(int startYear) => $"{startYear}-{(startYear + 1) % 100:00}";

    /// <summary>The name of the financial year <paramref name="day"/> falls in.</summary>
    public static string FinancialYear(DateOnly day) => FinancialYear(FinancialYearOf(day));

    /// <summary>The name of an as-at date, e.g. <c>2025-03-31</c>.</summary>
    public static string AsAt(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>31 March of <paramref name="year"/>.</summary>
    public static DateOnly YearEnd(int year) => new(year, 3, 31);

    /// <summary>Whether a day is one of the as-at dates kept.</summary>
    public static bool IsKeptAsAtDate(DateOnly day) => day.Month == 3 && day.Day == 31 && day.Year is >= FirstYear and <= LastYear;

    /// <summary>The as-at dates kept that fall on or after <paramref name="from"/> and before <paramref name="until"/> (null: no end).</summary>
    public static IEnumerable<DateOnly> AsAtDatesWithin(DateOnly from, DateOnly? until)
    {
        for (var year = Math.Max(FirstYear, from.Year); year <= LastYear; year++)
        {
            var day = YearEnd(year);
            if (day >= from && (until is null || day < until))
            {
                yield return day;
            }
        }
    }

    /// <summary>Whether figures are kept for the period: financial years and 31 Marches from <see cref="FirstYear"/> to <see cref="LastYear"/>.</summary>
    public static bool IsKept(string period) =>
        int.TryParse(period.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= FirstYear and <= LastYear;

    /// <summary>Every period kept: each financial year and each 31 March from <see cref="FirstYear"/> to <see cref="LastYear"/>.</summary>
    public static IEnumerable<string> All()
    {
        for (var year = FirstYear; year <= LastYear; year++)
        {
            yield return FinancialYear(year);
            yield return AsAt(YearEnd(year));
        }
    }

    /// <summary>The first day of the financial year ending on <paramref name="yearEnd"/>.</summary>
    public static DateOnly YearStartBefore(DateOnly yearEnd) => new(yearEnd.Year - 1, 4, 1);
}

/// <summary>The age bands the statutory returns use, with the age on the day counted.</summary>
public static class AgeBands
{
    /// <summary>The dimension's name in breakdowns.</summary>
    public const string Dimension = "age-band";

    /// <summary>Every band, youngest first; <c>unknown</c> when the date of birth is not known.</summary>
    public static IReadOnlyList<string> All { get; } = ["under-1", "1-4", "5-9", "10-15", "16-17", "18-plus", "unknown"];

    /// <summary>The band of a child born on <paramref name="birthDate"/>, on <paramref name="day"/>.</summary>
    public static string Of(DateOnly? birthDate, DateOnly day)
    {
        return birthDate is not { } born || born > day ? "unknown" : OfAge(Calendar.Ages.On(born, day));
    }

    /// <summary>The band of a single year of age, as population estimates give it.</summary>
    public static string OfAge(int age) => age switch
    {
        0 => "under-1",
        < 5 => "1-4",
        < 10 => "5-9",
        < 16 => "10-15",
        < 18 => "16-17",
        _ => "18-plus",
    };
}
