using System.Globalization;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>Calendar dates as the API writes them: ISO 8601, <c>YYYY-MM-DD</c>.</summary>
public static class IsoDates
{
    /// <summary>A required date written YYYY-MM-DD; null (with a violation) when missing or malformed.</summary>
    public static DateOnly? Required(Violations violations, string field, string value) =>
        Read(violations, field, value.Trim(), required: true);

    /// <summary>
    /// A day written <c>yyyy-MM-dd</c>, not after <paramref name="today"/> (records say what happened); empty is none,
    /// which is a violation when <paramref name="required"/>.
    /// </summary>
    public static DateOnly? Day(Violations violations, string field, string value, DateOnly today, bool required = false)
    {
        var day = Read(violations, field, value, required);
        if (day > today)
        {
            violations.Add(field, $"is in the future (today is {today:yyyy-MM-dd}).");
        }

        return day;
    }

    private static DateOnly? Read(Violations violations, string field, string value, bool required)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                violations.Add(field, "is required: a date written YYYY-MM-DD.");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year < 1900)
        {
            violations.Add(field, "must be a date written YYYY-MM-DD.");
            return null;
        }

        return day;
    }

    /// <summary>A date as the API writes it; empty for none.</summary>
    public static string Write(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
