using PartnershipHub.Domain.Disclosure;

namespace PartnershipHub.Domain.Measures;

/// <summary>One cell of a dataset, as it leaves the hub: disclosure-controlled.</summary>
/// <param name="Measure">The measure's name.</param>
/// <param name="Period">The financial year (<c>2024-25</c>) or as-at date (<c>2025-03-31</c>).</param>
/// <param name="Borough">The borough's ONS code, or <see cref="Datasets.Partnership"/> for the partnership as a whole.</param>
/// <param name="Breakdown">Empty for all children, or e.g. <c>age-band=1-4</c>.</param>
/// <param name="Suppressed">True when the figure is hidden (a small number, or one that would reveal a small number); the numbers are then null.</param>
/// <param name="Count">For a count or a median: the number of children or events.</param>
/// <param name="Numerator">For a percentage: its numerator.</param>
/// <param name="Denominator">For a percentage its denominator; for an average the number of children.</param>
/// <param name="Percentage">For a percentage the percentage; for a breakdown of a count its share of the total.</param>
/// <param name="RatePer10000">For a count with a rate: per 10,000 children under 18 (of the age band, for an age band).</param>
/// <param name="Value">For an average the average days; for a median the median hours.</param>
public sealed record DatasetCell(
    string Measure, string Period, string Borough, string Breakdown, bool Suppressed,
    long? Count, long? Numerator, long? Denominator, double? Percentage, double? RatePer10000, double? Value);

/// <summary>What a dataset asks for.</summary>
/// <param name="Measures">The measures.</param>
/// <param name="FinancialYears">The financial years (by their first year) for measures counted over a year.</param>
/// <param name="AsAtDates">The as-at dates for measures counted on a date.</param>
/// <param name="Boroughs">The boroughs whose cells are returned.</param>
/// <param name="IncludePartnership">Whether the partnership's own cells are returned.</param>
/// <param name="Dimensions">The breakdowns returned besides the totals.</param>
public sealed record DatasetQuery(
    IReadOnlyList<MeasureDefinition> Measures, IReadOnlyList<int> FinancialYears, IReadOnlyList<DateOnly> AsAtDates,
    IReadOnlyList<string> Boroughs, bool IncludePartnership, IReadOnlyList<string> Dimensions)
{
    /// <summary>The periods the measure is returned for.</summary>
    public IEnumerable<string> PeriodsOf(MeasureDefinition measure) => measure.Periods == PeriodKind.FinancialYear
        ? FinancialYears.Select(ReportingPeriods.FinancialYear)
        : AsAtDates.Select(ReportingPeriods.AsAt);
}

/// <summary>
/// Forms datasets from the boroughs' totals: counts, percentages with their numerators and denominators, rates per
/// 10,000, averages and medians, with disclosure control. Small counts are suppressed, and secondary suppression runs
/// over every borough of the partnership and every breakdown of the measure whatever was asked for, so the cells a
/// request shows are the same as any other request would show.
/// </summary>
/// <param name="boroughs">Every borough of the partnership (the partnership's figure is their sum).</param>
/// <param name="totals">A borough's totals for a period: cell entry (<see cref="MeasureCell.Entry"/>) to count.</param>
/// <param name="population">The population denominators.</param>
/// <param name="smallNumbers">The counts to suppress.</param>
public sealed class Datasets(
    IReadOnlyList<string> boroughs, Func<string, string, IReadOnlyDictionary<string, long>> totals, PopulationEstimates population, SmallNumbers smallNumbers)
{
    /// <summary>The name of the partnership's own cells in place of a borough's code.</summary>
    public const string Partnership = "partnership";

    private readonly Dictionary<(string Counter, string Period), CounterTable> tables = [];
    private readonly Dictionary<(string Borough, string Period), Dictionary<string, Dictionary<string, long>>> counts = [];

    /// <summary>The dataset's cells, in measure, period, borough (partnership last) and breakdown order.</summary>
    public IReadOnlyList<DatasetCell> Build(DatasetQuery query)
    {
        var cells = new List<DatasetCell>();
        var scopes = query.Boroughs.Concat(query.IncludePartnership ? [Partnership] : []).ToList();
        foreach (var measure in query.Measures)
        {
            foreach (var period in query.PeriodsOf(measure))
            {
                var main = Table(measure.Kind == MeasureKind.Average ? measure.Denominator! : measure.Counter, period, measure.Dimensions);
                foreach (var scope in scopes)
                {
                    var breakdowns = main.Breakdowns.Where(b => b.Length == 0 || query.Dimensions.Contains(b[..b.IndexOf('=')]));
                    cells.AddRange(breakdowns.Select(breakdown => Cell(measure, period, scope, breakdown, main)).Where(Publishable));
                }
            }
        }

        return cells;
    }

    /// <summary>
    /// Whether a cell may be listed: a free-text value (a place, a person) is listed only where it is shown with a
    /// count, since even a suppressed or zero cell would tell that some children somewhere mentioned it.
    /// </summary>
    private static bool Publishable(DatasetCell cell) =>
        cell.Breakdown.Length == 0 || !Dimensions.FreeText.Contains(cell.Breakdown[..cell.Breakdown.IndexOf('=')]) || cell is { Suppressed: false, Count: > 0 };

    private DatasetCell Cell(MeasureDefinition measure, string period, string scope, string breakdown, CounterTable main)
    {
        var hidden = new DatasetCell(measure.Name, period, scope, breakdown, true, null, null, null, null, null, null);
        var count = main.Value(scope, breakdown);
        switch (measure.Kind)
        {
            case MeasureKind.Percentage:
                var denominator = Table(measure.Denominator!, period, measure.Dimensions);
                if (main.IsHidden(scope, breakdown) || denominator.IsHidden(scope, breakdown))
                {
                    return hidden;
                }

                var of = denominator.Value(scope, breakdown);
                return hidden with { Suppressed = false, Numerator = count, Denominator = of, Percentage = Percent(count, of) };
            case MeasureKind.Average:
                var sum = Table(measure.Counter, period, measure.Dimensions).Value(scope, breakdown);
                return main.IsHidden(scope, breakdown) ? hidden
                    : hidden with { Suppressed = false, Denominator = count, Value = count == 0 ? null : (double)sum / count };
            case MeasureKind.Median:
                return main.IsHidden(scope, breakdown) ? hidden
                    : hidden with { Suppressed = false, Count = count, Value = Median(period, scope, breakdown, count) };
            default:
                if (main.IsHidden(scope, breakdown))
                {
                    return hidden;
                }

                var share = breakdown.Length == 0 || main.IsHidden(scope, string.Empty) ? null : Percent(count, main.Value(scope, string.Empty));
                return hidden with { Suppressed = false, Count = count, Percentage = share, RatePer10000 = measure.HasRate ? Rate(count, period, scope, breakdown) : null };
        }
    }

    private static double? Percent(long part, long whole) => whole == 0 ? null : 100.0 * part / whole;

    private double? Rate(long count, string period, string scope, string breakdown)
    {
        string? band = null;
        if (breakdown.Length > 0)
        {
            if (!breakdown.StartsWith(AgeBands.Dimension + "=", StringComparison.Ordinal))
            {
                return null;
            }

            band = breakdown[(AgeBands.Dimension.Length + 1)..];
        }

        var children = population.Children(scope == Partnership ? boroughs : [scope], period, band);
        return children is > 0 ? 10000.0 * count / children.Value : null;
    }

    /// <summary>The lower median of the whole hours to decision, from the per-hour counts.</summary>
    private double? Median(string period, string scope, string breakdown, long count)
    {
        var position = (count + 1) / 2;
        long seen = 0;
        for (var hours = 0; count > 0 && hours <= Counters.DecisionHoursCap; hours++)
        {
            var counter = Counters.DecisionsAfterHours(hours);
            seen += (scope == Partnership ? boroughs : [scope]).Sum(b => CountsOf(b, period).GetValueOrDefault(counter)?.GetValueOrDefault(breakdown) ?? 0);
            if (seen >= position)
            {
                return hours;
            }
        }

        return null;
    }

    /// <summary>A borough's totals for a period by counter and breakdown, read once per dataset.</summary>
    private Dictionary<string, Dictionary<string, long>> CountsOf(string borough, string period)
    {
        if (!counts.TryGetValue((borough, period), out var byCounter))
        {
            byCounter = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            foreach (var (entry, value) in totals(borough, period))
            {
                var slash = entry.IndexOf('/');
                if (!byCounter.TryGetValue(entry[..slash], out var breakdowns))
                {
                    breakdowns = new Dictionary<string, long>(StringComparer.Ordinal);
                    byCounter[entry[..slash]] = breakdowns;
                }

                breakdowns[entry[(slash + 1)..]] = value;
            }

            counts[(borough, period)] = byCounter;
        }

        return byCounter;
    }

    private CounterTable Table(string counter, string period, IReadOnlyList<string> dimensions)
    {
        if (!tables.TryGetValue((counter, period), out var table))
        {
            table = new CounterTable(counter, period, boroughs, CountsOf, smallNumbers, dimensions);
            tables[(counter, period)] = table;
        }

        return table;
    }

    /// <summary>One counter's cells for a period: every borough and the partnership, every breakdown, with the cells hidden.</summary>
    private sealed class CounterTable
    {
        private readonly Dictionary<(string Scope, string Breakdown), long> values = [];
        private readonly HashSet<(string Scope, string Breakdown)> hidden;

        public CounterTable(
            string counter, string period, IReadOnlyList<string> boroughs, Func<string, string, Dictionary<string, Dictionary<string, long>>> counts,
            SmallNumbers smallNumbers, IReadOnlyList<string> dimensions)
        {
            foreach (var borough in boroughs)
            {
                foreach (var (breakdown, value) in counts(borough, period).GetValueOrDefault(counter) ?? [])
                {
                    values[(borough, breakdown)] = value;
                    values[(Partnership, breakdown)] = values.GetValueOrDefault((Partnership, breakdown)) + value;
                }
            }

            var everyValue = dimensions.SelectMany(d => Dimensions.ValuesOf(d).Select(v => MeasureCell.BreakdownOf(d, v)));
            Breakdowns = [string.Empty, .. values.Keys.Select(k => k.Breakdown).Where(b => b.Length > 0).Concat(everyValue).Distinct().Order(StringComparer.Ordinal)];
            var scopes = boroughs.Append(Partnership).ToList();
            var primary = scopes.SelectMany(s => Breakdowns.Select(b => (s, b))).Where(c => smallNumbers.IsSmall(Value(c.s, c.b))).ToList();
            foreach (var complement in MeasureCatalogue.ComplementsOf(counter))
            {
                long Whole(string scope) =>
                    (scope == Partnership ? boroughs : [scope]).Sum(b => counts(b, period).GetValueOrDefault(complement)?.GetValueOrDefault(string.Empty) ?? 0);
                primary.AddRange(scopes.Where(s => smallNumbers.IsSmall(Whole(s) - Value(s, string.Empty))).Select(s => (s, string.Empty)));
            }

            hidden = SecondarySuppression.Hide(values, primary, Lines(scopes, dimensions));
        }

        /// <summary>
        /// The total first, then every value of the measure's closed-list breakdowns and every free-text value any
        /// borough has, in order: a value no child has gives a cell of 0 for every borough.
        /// </summary>
        public IReadOnlyList<string> Breakdowns { get; }

        public long Value(string scope, string breakdown) => values.GetValueOrDefault((scope, breakdown));

        public bool IsHidden(string scope, string breakdown) => hidden.Contains((scope, breakdown));

        /// <summary>
        /// The sums that tie cells together: each scope's breakdown by each dimension adds up to its total, and each
        /// breakdown value (and the total) of the boroughs adds up to the partnership's.
        /// </summary>
        private List<IReadOnlyList<(string, string)>> Lines(List<string> scopes, IReadOnlyList<string> dimensions)
        {
            var lines = new List<IReadOnlyList<(string, string)>>();
            foreach (var dimension in dimensions)
            {
                var ofDimension = Breakdowns.Where(b => b.StartsWith(dimension + "=", StringComparison.Ordinal)).ToList();
                lines.AddRange(scopes.Select(s => (IReadOnlyList<(string, string)>)[.. ofDimension.Select(b => (s, b)), (s, string.Empty)]));
            }

            lines.AddRange(Breakdowns.Select(b => (IReadOnlyList<(string, string)>)[.. scopes.Select(s => (s, b))]));
            return lines;
        }
    }
}
