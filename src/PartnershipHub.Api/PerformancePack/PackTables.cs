using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Measures;
using V1 = PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Api.PerformancePack;

/// <summary>One table of the pack (its chart is drawn from it): the dataset request whose answer it shows.</summary>
/// <param name="Id">The table's name in the page, e.g. <c>plans-by-borough</c>.</param>
/// <param name="Title">Its heading.</param>
/// <param name="Request">The <c>GetDataset</c> request it shows the answer of.</param>
public sealed record PackTable(string Id, string Title, V1.GetDatasetRequest Request);

/// <summary>
/// The tables of the board's performance pack (domain.md, the measures and the board): each one dataset request,
/// answered by the same code as <c>DatasetService.GetDataset</c>.
/// </summary>
public static class PackTables
{
    /// <summary>
    /// The pack for the year to 31 March <paramref name="year"/>: as-at figures over the five years to it, counts over
    /// the financial year ending on it. <paramref name="boroughs"/> empty: the caller's default for the mode. BOARD
    /// figures are of the board's own boroughs, so only PUBLICATION tables carry the partnership's total.
    /// </summary>
    public static IReadOnlyList<PackTable> For(int year, IReadOnlyList<string> boroughs, DisclosureMode mode, string reference)
    {
        string[] fiveYears = [.. Enumerable.Range(year - 4, 5).Select(y => ReportingPeriods.AsAt(ReportingPeriods.YearEnd(y)))];
        string[] yearEnd = [ReportingPeriods.AsAt(ReportingPeriods.YearEnd(year))];
        var financialYear = ReportingPeriods.FinancialYear(year - 1);
        PackTable Table(string id, string title, string[] measures, string[] asAt, string[] breakdowns) => new(id, title, new V1.GetDatasetRequest
        {
            Measures = { measures },
            AsAtDates = { asAt },
            FinancialYears = { asAt.Length == 0 ? new[] { year - 1 } : [] },
            Boroughs = { boroughs },
            Breakdowns = { breakdowns },
            IncludePartnership = mode == DisclosureMode.Publication,
            DisclosureMode = (V1.DisclosureMode)mode,
            Reference = reference,
        });

        return
        [
            Table("plans-by-borough", $"Children subject to a child protection plan at 31 March, {year - 4} to {year}, per 10,000 children", ["cp-plans"], fiveYears, []),
            Table("plans-by-age", $"Children subject to a child protection plan at 31 March {year}, by age band", ["cp-plans"], yearEnd, [Dimensions.AgeBand]),
            Table("plans-by-category", $"Children subject to a child protection plan at 31 March {year}, by category of abuse", ["cp-plans"], yearEnd, [Dimensions.Category]),
            Table("funnel", $"Section 47 enquiries to initial conferences to plans, {financialYear}",
                ["s47-enquiries", "icpc-after-s47", "s47-leading-to-icpc", "icpc-resulting-in-plan"], [], []),
            Table("care-by-borough", $"Children looked after at 31 March, {year - 4} to {year}, per 10,000 children", ["looked-after"], fiveYears, []),
            Table("mash-timeliness", $"MASH timeliness by BRAG rating, {financialYear}: median hours from contact to decision",
                ["mash-median-hours-to-decision", "mash-requests-on-time"], [], [Dimensions.Rating]),
            Table("missing", $"Missing episodes and return home interviews, {financialYear}",
                ["missing-episodes", "missing-children", "rhi-offered-in-time", "rhi-accepted"], [], []),
        ];
    }

    /// <summary>The comparators of a table: those of its measures and periods.</summary>
    public static IEnumerable<Comparator> ComparatorsOf(PackTable table, IEnumerable<Comparator> comparators)
    {
        var periods = table.Request.AsAtDates.Concat(table.Request.FinancialYears.Select(ReportingPeriods.FinancialYear)).ToHashSet(StringComparer.Ordinal);
        return comparators.Where(c => table.Request.Measures.Contains(c.Measure) && periods.Contains(c.Period));
    }
}
