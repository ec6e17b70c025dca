using System.Globalization;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.Grpc;

/// <summary>Calendar dates as the API writes them: ISO 8601, <c>YYYY-MM-DD</c>.</summary>
public static class IsoDates
{
    /// <summary>A required date written YYYY-MM-DD; null (with a violation) when missing or malformed.</summary>
    public static DateOnly? Required(Violations violations, string field, string value)
    {
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        violations.Add(field, value.Length == 0 ? "is required: a date written YYYY-MM-DD." : "must be a date written YYYY-MM-DD.");
        return null;
    }

    /// <summary>A date as the API writes it; empty for none.</summary>
    public static string Write(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
