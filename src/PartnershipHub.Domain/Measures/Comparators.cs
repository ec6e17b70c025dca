using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Measures;

/// <summary>The area a published comparator figure is for.</summary>
public enum ComparatorArea
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>England as a whole.</summary>
    England = 1,

    /// <summary>London (the 33 London authorities, as published).</summary>
    London = 2,
}

/// <summary>Which of a measure's figures a comparator gives.</summary>
public enum ComparatorFigure
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Per 10,000 children under 18, for a count that has a rate.</summary>
    RatePer10000 = 1,

    /// <summary>The percentage, for a percentage measure.</summary>
    Percentage = 2,

    /// <summary>The number, for a count.</summary>
    Count = 3,

    /// <summary>The average days or median hours, for an average or a median.</summary>
    Value = 4,
}

/// <summary>
/// A published figure for England or London that the partnership compares its own with: one measure, one period,
/// one figure, and where it was published. The hub holds only what an analyst or administrator loads; it makes none up.
/// </summary>
/// <param name="Area">England or London.</param>
/// <param name="Measure">The measure of the catalogue it corresponds to, e.g. <c>cp-plans</c>.</param>
/// <param name="Period">The measure's kind of period: a financial year (<c>2023-24</c>) or an as-at date (<c>2024-03-31</c>).</param>
/// <param name="Figure">Which figure it is.</param>
/// <param name="Value">The figure, as published.</param>
/// <param name="Source">Who published it, e.g. the Department for Education.</param>
/// <param name="Publication">The publication and table it is taken from.</param>
public sealed record Comparator(ComparatorArea Area, string Measure, string Period, ComparatorFigure Figure, double Value, string Source, string Publication)
{
    /// <summary>What a newer load of the same figure replaces.</summary>
    public (ComparatorArea Area, string Measure, string Period, ComparatorFigure Figure) Key => (Area, Measure, Period, Figure);
}

/// <summary>The rules of comparators: which figures each measure can have, and how loads replace what is held.</summary>
public static class Comparators
{
    /// <summary>How many comparator figures the hub holds at most (two areas, a few dozen measures, the kept years).</summary>
    public const int MaxHeld = 2_000;

    /// <summary>The longest source or publication.</summary>
    public const int MaxLabel = 200;

    /// <summary>The figures a measure can be compared on: its count (and rate), percentage, or value.</summary>
    public static IReadOnlyList<ComparatorFigure> FiguresOf(MeasureDefinition measure) => measure.Kind switch
    {
        MeasureKind.Count => measure.HasRate ? [ComparatorFigure.Count, ComparatorFigure.RatePer10000] : [ComparatorFigure.Count],
        MeasureKind.Percentage => [ComparatorFigure.Percentage],
        _ => [ComparatorFigure.Value],
    };

    /// <summary>
    /// What is wrong with the measure, period, figure and value of a comparator, each named by its field (the prefix
    /// given, then <c>measure</c>, <c>period</c>, <c>figure</c>, <c>value</c>); none when it may be held.
    /// </summary>
    public static IEnumerable<FieldViolation> Check(string prefix, string measure, string period, ComparatorFigure figure, double value)
    {
        var definition = MeasureCatalogue.Find(measure);
        if (definition is null)
        {
            yield return new FieldViolation(prefix + "measure", "must be a measure of ListMeasures, e.g. cp-plans.");
        }
        else
        {
            var asAt = definition.Periods == PeriodKind.AsAt;
            if (!IsPeriod(period, asAt))
            {
                yield return new FieldViolation(prefix + "period", asAt
                    ? $"must be a 31 March from {ReportingPeriods.FirstYear} to {ReportingPeriods.LastYear}, e.g. 2024-03-31: {measure} is counted on that date."
                    : $"must be a financial year from {ReportingPeriods.FinancialYear(ReportingPeriods.FirstYear)}, e.g. 2023-24: {measure} is counted over the year.");
            }

            if (!FiguresOf(definition).Contains(figure))
            {
                yield return new FieldViolation(prefix + "figure", $"must be {string.Join(" or ", FiguresOf(definition))} for {measure}.");
            }
        }

        if (!double.IsFinite(value) || value < 0 || (figure == ComparatorFigure.Percentage && value > 100))
        {
            yield return new FieldViolation(prefix + "value", figure == ComparatorFigure.Percentage ? "must be a percentage from 0 to 100." : "must be a number, 0 or more.");
        }
    }

    /// <summary>Whether <paramref name="period"/> is exactly a kept 31 March (<paramref name="asAt"/>) or financial year.</summary>
    private static bool IsPeriod(string period, bool asAt) =>
        period.Length >= 4
        && int.TryParse(period.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
        && year is >= ReportingPeriods.FirstYear and <= ReportingPeriods.LastYear
        && period == (asAt ? ReportingPeriods.AsAt(ReportingPeriods.YearEnd(year)) : ReportingPeriods.FinancialYear(year));

    /// <summary>What is held after a load: each figure loaded replaces the same area's, measure's, period's and figure's.</summary>
    public static IReadOnlyList<Comparator> Merge(IEnumerable<Comparator> held, IReadOnlyList<Comparator> loaded)
    {
        var replaced = loaded.Select(c => c.Key).ToHashSet();
        return [.. held.Where(c => !replaced.Contains(c.Key)).Concat(loaded)
            .OrderBy(c => c.Measure, StringComparer.Ordinal).ThenBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Area).ThenBy(c => c.Figure)];
    }
}
