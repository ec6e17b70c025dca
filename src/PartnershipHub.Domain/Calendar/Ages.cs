namespace PartnershipHub.Domain.Calendar;

/// <summary>Children's ages, as the statutory returns and the carers' approvals count them.</summary>
public static class Ages
{
    /// <summary>
    /// A child's age in whole years on <paramref name="day"/>. A child born on 29 February has their birthday on
    /// 1 March in other years, as in English law, not on 28 February as <see cref="DateOnly.AddYears"/> would have it.
    /// </summary>
    public static int On(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return (day.Month, day.Day).CompareTo((birthDate.Month, birthDate.Day)) < 0 ? age - 1 : age;
    }
}
