using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Domain.Tests.Measures;

/// <summary>
/// Which published England and London figures the hub holds for which measures, and how a newer publication replaces
/// an older one. The figures are made up for the tests.
/// </summary>
public sealed class ComparatorsTests
{
    private static Comparator Rate(ComparatorArea area, string period, double value, string publication = "Made-up publication 1") =>
        new(area, "cp-plans", period, ComparatorFigure.RatePer10000, value, "Test fixture", publication);

    [Theory]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.RatePer10000, 40.1, null)]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.Count, 50000, null)]
    [InlineData("icpc-resulting-in-plan", "2023-24", ComparatorFigure.Percentage, 100, null)]
    [InlineData("mash-median-hours-to-decision", "2023-24", ComparatorFigure.Value, 12, null)]
    [InlineData("cp-plan", "2024-03-31", ComparatorFigure.RatePer10000, 40, "x.measure")]
    [InlineData("cp-plans", "2023-24", ComparatorFigure.RatePer10000, 40, "x.period")]
    [InlineData("cp-plans", "2024-04-01", ComparatorFigure.RatePer10000, 40, "x.period")]
    [InlineData("cp-plans", "2009-03-31", ComparatorFigure.RatePer10000, 40, "x.period")]
    [InlineData("icpc-resulting-in-plan", "2023-2024", ComparatorFigure.Percentage, 50, "x.period")]
    [InlineData("icpc-resulting-in-plan", "202", ComparatorFigure.Percentage, 50, "x.period")]
    [InlineData("icpc-resulting-in-plan", "2023-24", ComparatorFigure.RatePer10000, 50, "x.figure")]
    [InlineData("referrals", "2023-24", ComparatorFigure.RatePer10000, 50, null)]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.Value, 40, "x.figure")]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.None, 40, "x.figure")]
    [InlineData("icpc-resulting-in-plan", "2023-24", ComparatorFigure.Percentage, 100.5, "x.value")]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.Count, -1, "x.value")]
    [InlineData("cp-plans", "2024-03-31", ComparatorFigure.Count, double.NaN, "x.value")]
    public void A_figure_fits_its_measure_its_kind_of_period_and_its_kind_of_figure(string measure, string period, ComparatorFigure figure, double value, string? wrong)
    {
        var violations = Comparators.Check("x.", measure, period, figure, value).Select(v => v.Field).ToList();
        Assert.Equal(wrong is null ? [] : [wrong], violations);
    }

    [Fact]
    public void A_newer_publication_replaces_the_same_areas_figure_for_the_same_period_and_keeps_the_others()
    {
        IReadOnlyList<Comparator> held = [Rate(ComparatorArea.England, "2024-03-31", 40), Rate(ComparatorArea.London, "2024-03-31", 35)];
        var corrected = Rate(ComparatorArea.England, "2024-03-31", 40.5, "Made-up publication 2, revised");
        var next = Rate(ComparatorArea.England, "2025-03-31", 41, "Made-up publication 2, revised");

        var after = Comparators.Merge(held, [corrected, next]);

        Assert.Equal([held[1], corrected, next], after.OrderBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Area == ComparatorArea.England));
    }
}
