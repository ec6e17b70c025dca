using PartnershipHub.Domain.Calendar;

namespace PartnershipHub.Domain.Mash;

/// <summary>
/// How long a partner agency has to answer a MASH information request, by the contact's rating. The defaults are
/// the partnership's: red 4 hours, amber 24 hours, green 72 hours, blue 5 working days. Configurable.
/// </summary>
public sealed class ResponseTimes
{
    /// <summary>Red: hours to answer.</summary>
    public double RedHours { get; set; } = 4;

    /// <summary>Amber: hours to answer.</summary>
    public double AmberHours { get; set; } = 24;

    /// <summary>Green: hours to answer.</summary>
    public double GreenHours { get; set; } = 72;

    /// <summary>Blue: working days to answer.</summary>
    public int BlueWorkingDays { get; set; } = 5;

    /// <summary>When an information request sent at <paramref name="sentAt"/> for a contact rated <paramref name="rating"/> is due.</summary>
    public DateTimeOffset DueAt(BragRating rating, DateTimeOffset sentAt) => rating switch
    {
        BragRating.Red => sentAt.AddHours(RedHours),
        BragRating.Amber => sentAt.AddHours(AmberHours),
        BragRating.Green => sentAt.AddHours(GreenHours),
        BragRating.Blue => WorkingDays.Add(sentAt, BlueWorkingDays),
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, "An unrated contact has no response time."),
    };
}
