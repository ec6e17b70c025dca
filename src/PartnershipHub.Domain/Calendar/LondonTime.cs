namespace PartnershipHub.Domain.Calendar;

/// <summary>The partnership's calendar day: agreements and dates are read in London's time, not UTC.</summary>
public static class LondonTime
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The date in London at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);
}
