using PartnershipHub.Domain.Care;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Domain.Extracts;

/// <summary>The groups of children an extract can cover, on its as-at date.</summary>
public enum ExtractCohort
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Subject to a child protection plan on the date.</summary>
    ChildProtectionPlan = 1,

    /// <summary>Looked after on the date.</summary>
    LookedAfter = 2,
}

/// <summary>The child protection plan a child was subject to on an extract's date.</summary>
/// <param name="Category">The plan's latest category of abuse (<c>NEG</c>, <c>PHY</c>, <c>SAB</c>, <c>EMO</c>, <c>MUL</c>), or <see cref="ChildExtracts.NotRecorded"/>.</param>
public sealed record ExtractPlan(string Category);

/// <summary>The episode of care a child was in on an extract's date.</summary>
/// <param name="LegalStatus">The SSDA903 legal status, e.g. <c>C2</c>.</param>
/// <param name="PlacementType">The SSDA903 placement type, e.g. <c>U4</c>.</param>
/// <param name="PlacementDistrict">The placement's postcode district only (e.g. <c>W2</c>), or <see cref="ChildExtracts.NotRecorded"/>.</param>
public sealed record ExtractCare(string LegalStatus, string PlacementType, string PlacementDistrict);

/// <summary>
/// One child's row of an extract, minimised: no names, identifiers, case ids, full dates or free text. The row's
/// pseudonymous id is added by whoever holds the extract's key (<see cref="ExtractPseudonyms"/>).
/// </summary>
/// <param name="BirthMonth">The month of birth, <c>YYYY-MM</c>, or <see cref="ChildExtracts.NotRecorded"/> when the date of birth is not known.</param>
/// <param name="ResponsibleBorough">The ONS code of the borough responsible for the child.</param>
/// <param name="AgeBand">The age band on the date (<see cref="AgeBands"/>), <c>unknown</c> without a date of birth.</param>
/// <param name="ChildProtection">The plan in force on the date, when the child was subject to one and the extract covers plans.</param>
/// <param name="LookedAfter">The episode of care in force on the date, when the child was looked after and the extract covers children in care.</param>
public sealed record ChildExtractRow(string BirthMonth, string ResponsibleBorough, string AgeBand, ExtractPlan? ChildProtection, ExtractCare? LookedAfter);

/// <summary>
/// The safeguarding partnership's child-level extracts (domain section 3, disclosure control): which children are
/// in an extract on a date and what of them leaves the hub. Dates of birth go to the month and postcodes to the
/// district; nothing else identifying is carried at all.
/// </summary>
public static class ChildExtracts
{
    /// <summary>What a row says where the hub holds nothing for a field.</summary>
    public const string NotRecorded = "not recorded";

    /// <summary>The purpose recorded in the audit trail of every child in an extract.</summary>
    public const string Purpose = "partnership-scrutiny";

    /// <summary>Every cohort an extract can cover; an extract naming none covers them all.</summary>
    public static IReadOnlyList<ExtractCohort> AllCohorts { get; } = [ExtractCohort.ChildProtectionPlan, ExtractCohort.LookedAfter];

    /// <summary>
    /// The child's row as at <paramref name="asAt"/>, or null when the child is in none of <paramref name="cohorts"/>
    /// that day. A plan or episode ending on the date no longer counts on it, as in the measures "as at".
    /// </summary>
    /// <param name="borough">The borough responsible for the child.</param>
    /// <param name="birthDate">The child's known date of birth; null when unknown or only expected.</param>
    /// <param name="records">The child's care records that stand.</param>
    /// <param name="asAt">The extract's date.</param>
    /// <param name="cohorts">The cohorts the extract covers.</param>
    public static ChildExtractRow? RowOf(string borough, DateOnly? birthDate, IEnumerable<CareRecord> records, DateOnly asAt, IReadOnlyCollection<ExtractCohort> cohorts)
    {
        var standing = records.ToList();
        var plan = cohorts.Contains(ExtractCohort.ChildProtectionPlan)
            ? standing.OfType<Plan>().FirstOrDefault(p => p.Type == PlanType.ChildProtection && p.StartDate <= asAt && (p.EndDate is null || asAt < p.EndDate))
            : null;
        var episode = cohorts.Contains(ExtractCohort.LookedAfter)
            ? standing.OfType<CareEpisode>().FirstOrDefault(e => e.Covers(asAt))
            : null;
        if (plan is null && episode is null)
        {
            return null;
        }

        return new ChildExtractRow(
            BirthMonth(birthDate),
            borough,
            AgeBands.Of(birthDate, asAt),
            plan is null ? null : new ExtractPlan(Coded(plan.LatestCategory)),
            episode is null ? null : new ExtractCare(Coded(episode.LegalStatus), Coded(episode.PlacementType), District(episode.PostcodeDistrict)));
    }

    /// <summary>The month of birth, <c>YYYY-MM</c>, or <see cref="NotRecorded"/>.</summary>
    public static string BirthMonth(DateOnly? birthDate) =>
        birthDate is { } born ? $"{born.Year:0000}-{born.Month:00}" : NotRecorded;

    /// <summary>
    /// The postcode district of <paramref name="postcode"/> (its outward code, the part before the space), or
    /// <see cref="NotRecorded"/> when it has none. Whatever a case system sent, no more than the district leaves.
    /// </summary>
    public static string District(string? postcode)
    {
        var outward = (postcode ?? string.Empty).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        return PostcodeDistrict.Normalise(outward) ?? NotRecorded;
    }

    /// <summary>The names of the fields a row carries, as the API names them, for the child's audit record.</summary>
    public static IReadOnlyList<string> FieldsOf(ChildExtractRow row)
    {
        List<string> fields = ["row_id", "birth_month", "responsible_borough", "age_band"];
        if (row.ChildProtection is not null)
        {
            fields.Add("child_protection.category");
        }

        if (row.LookedAfter is not null)
        {
            fields.AddRange(["looked_after.legal_status", "looked_after.placement_type", "looked_after.placement_postcode_district"]);
        }

        return fields;
    }

    private static string Coded(string? code) => string.IsNullOrWhiteSpace(code) ? NotRecorded : code;
}
