using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Domain.Tests.Measures;

/// <summary>
/// Small numbers leave the hub hidden, and so does every cell that would let someone work a hidden one out: cases
/// where hiding only the small count would still give it away.
/// </summary>
public sealed class DisclosureControlTests
{
    private static readonly string[] Boroughs = ["E09000013", "E09000020", "E09000033"];
    private const string Year = "2024-25";
    private const string March = "2025-03-31";

    [Fact]
    public void A_small_borough_count_hides_a_second_borough_so_the_partnership_total_does_not_give_it_away()
    {
        var cells = Build(Totals(Year, ("E09000013", "referrals/", 2), ("E09000020", "referrals/", 50), ("E09000033", "referrals/", 60)), "referrals");

        Assert.True(Cell(cells, "E09000013").Suppressed);
        Assert.True(Cell(cells, "E09000020").Suppressed); // naive rule: 112 - 50 - 60 = 2
        Assert.Equal(60, Cell(cells, "E09000033").Count);
        Assert.Equal(112, Cell(cells, Datasets.Partnership).Count);
        Assert.All(cells.Where(c => c.Suppressed), c => Assert.Null(c.Count));
    }

    [Fact]
    public void A_small_age_band_is_protected_along_its_borough_row_its_age_band_column_and_every_breakdown_sharing_the_total()
    {
        var totals = Totals(March,
            ("E09000013", "cp-plans/", 25), ("E09000013", "cp-plans/age-band=under-1", 3), ("E09000013", "cp-plans/age-band=1-4", 10), ("E09000013", "cp-plans/age-band=5-9", 12),
            ("E09000013", "cp-plans/category=NEG", 20), ("E09000013", "cp-plans/category=EMO", 5),
            ("E09000020", "cp-plans/", 40), ("E09000020", "cp-plans/age-band=under-1", 7), ("E09000020", "cp-plans/age-band=1-4", 15), ("E09000020", "cp-plans/age-band=5-9", 18),
            ("E09000020", "cp-plans/category=NEG", 40),
            ("E09000033", "cp-plans/", 60), ("E09000033", "cp-plans/age-band=under-1", 8), ("E09000033", "cp-plans/age-band=1-4", 22), ("E09000033", "cp-plans/age-band=5-9", 30),
            ("E09000033", "cp-plans/category=NEG", 30), ("E09000033", "cp-plans/category=EMO", 30));
        var cells = Build(totals, "cp-plans", asAt: true, dimensions: ["age-band", "category"]);

        Assert.True(Cell(cells, "E09000013", "age-band=under-1").Suppressed);
        Assert.True(Cell(cells, "E09000013", "age-band=1-4").Suppressed); // naive rule: 25 - 10 - 12 = 3
        Assert.True(Cell(cells, "E09000020", "age-band=under-1").Suppressed); // naive rule: 18 - 7 - 8 = 3 via the partnership
        AssertNoLineGivesACellAway(cells, ["age-band", "category"]);
        Assert.Equal(125, Cell(cells, Datasets.Partnership).Count);
    }

    [Fact]
    public void A_percentage_that_would_reveal_a_small_number_of_late_assessments_is_hidden_with_another_boroughs()
    {
        var cells = Build(Totals(Year,
            ("E09000013", "assessments-on-time/", 48), ("E09000013", "assessments-completed/", 50),
            ("E09000020", "assessments-on-time/", 30), ("E09000020", "assessments-completed/", 40),
            ("E09000033", "assessments-on-time/", 20), ("E09000033", "assessments-completed/", 30)), "assessments-on-time");

        Assert.True(Cell(cells, "E09000013").Suppressed); // naive rule: 48 of 50 shows 2 late
        Assert.True(Cell(cells, "E09000033").Suppressed); // else the partnership's 98 on time less the others gives 48
        var shown = Cell(cells, "E09000020");
        Assert.Equal((30L, 40L, 75.0), (shown.Numerator, shown.Denominator, shown.Percentage));
        Assert.Null(Cell(cells, "E09000013").Percentage);
    }

    [Fact]
    public void A_percentage_of_a_small_denominator_is_hidden_even_when_its_numerator_is_zero()
    {
        var cells = Build(Totals(Year,
            ("E09000013", "referrals/", 3), ("E09000020", "referrals/", 40), ("E09000020", "re-referrals/", 10),
            ("E09000033", "referrals/", 30), ("E09000033", "re-referrals/", 9)), "re-referrals");

        Assert.True(Cell(cells, "E09000013").Suppressed); // 0% of 3 referrals shows the 3
        Assert.True(Cell(cells, "E09000033").Suppressed); // its 30 referrals would give the 3 away from the partnership's 73
        Assert.Equal((10L, 40L), (Cell(cells, "E09000020").Numerator, Cell(cells, "E09000020").Denominator));
    }

    [Fact]
    public void Zero_and_five_are_shown_by_default_and_the_range_suppressed_is_configurable()
    {
        var totals = Totals(Year, ("E09000013", "referrals/", 5), ("E09000020", "referrals/", 50), ("E09000033", "referrals/", 60));
        Assert.DoesNotContain(Build(totals, "referrals"), c => c.Suppressed);
        Assert.Equal(0, Build(Totals(Year, ("E09000020", "referrals/", 50)), "referrals").Single(c => c.Borough == "E09000013").Count);

        var stricter = Build(totals, "referrals", smallNumbers: new SmallNumbers(1, 9));
        Assert.True(Cell(stricter, "E09000013").Suppressed);
    }

    [Fact]
    public void Asking_for_one_borough_hides_exactly_what_asking_for_all_of_them_hides()
    {
        var totals = Totals(Year, ("E09000013", "referrals/", 2), ("E09000020", "referrals/", 50), ("E09000033", "referrals/", 60));
        var one = Build(totals, "referrals", boroughs: ["E09000020"], includePartnership: false);

        Assert.True(Assert.Single(one).Suppressed);
    }

    [Fact]
    public void A_place_few_children_went_to_is_left_out_of_the_collated_interviews_not_just_its_count()
    {
        var cells = Build(Totals(Year,
            ("E09000013", "rhi-places/", 9), ("E09000013", "rhi-places/place=westfield", 7), ("E09000013", "rhi-places/place=the canal path", 2),
            ("E09000020", "rhi-places/", 12), ("E09000020", "rhi-places/place=westfield", 12),
            ("E09000033", "rhi-places/", 20), ("E09000033", "rhi-places/place=westfield", 20)), "rhi-places", dimensions: ["place"]);

        Assert.DoesNotContain(cells, c => c.Breakdown.Contains("canal", StringComparison.Ordinal));
        Assert.Equal(12, Cell(cells, "E09000020", "place=westfield").Count);
        Assert.DoesNotContain(cells, c => c.Borough == "E09000013" && c.Breakdown == "place=westfield"); // 9 - 7 would give the 2 away
    }

    private static void AssertNoLineGivesACellAway(IReadOnlyList<DatasetCell> cells, string[] dimensions)
    {
        foreach (var scope in cells.GroupBy(c => c.Borough))
        {
            foreach (var dimension in dimensions)
            {
                var line = scope.Where(c => c.Breakdown.Length == 0 || c.Breakdown.StartsWith(dimension + "=", StringComparison.Ordinal)).ToList();
                Assert.NotEqual(1, line.Count(c => c.Suppressed));
            }
        }

        foreach (var column in cells.GroupBy(c => c.Breakdown))
        {
            Assert.NotEqual(1, column.Count(c => c.Suppressed));
        }
    }

    [Fact]
    public void Every_value_of_a_closed_breakdown_has_a_cell_for_every_borough_asked_for_even_when_no_child_has_it()
    {
        var cells = Build(Totals(March, ("E09000033", "cp-plans/", 30), ("E09000033", "cp-plans/age-band=10-15", 30)), "cp-plans", asAt: true,
            dimensions: ["age-band", "category"], smallNumbers: new SmallNumbers(1, 0), includePartnership: false);
        Assert.Equal(Boroughs.Length * (1 + AgeBands.All.Count + 6), cells.Count);
        Assert.Equal(0, Cell(cells, "E09000013", "age-band=16-17").Count);
        Assert.Equal(0, Cell(cells, "E09000033", "category=unknown").Count);
        Assert.Equal(30, Cell(cells, "E09000033", "age-band=10-15").Count);
    }

    private static DatasetCell Cell(IReadOnlyList<DatasetCell> cells, string borough, string breakdown = "") =>
        cells.Single(c => c.Borough == borough && c.Breakdown == breakdown);

    private static Dictionary<string, Dictionary<string, long>> Totals(string period, params (string Borough, string Entry, long Count)[] counts) =>
        counts.GroupBy(c => MeasureCell.ShardOf(c.Borough, period)).ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Entry, c => c.Count));

    private static IReadOnlyList<DatasetCell> Build(
        Dictionary<string, Dictionary<string, long>> totals, string measure, bool asAt = false, string[]? dimensions = null,
        SmallNumbers? smallNumbers = null, string[]? boroughs = null, bool includePartnership = true)
    {
        var datasets = new Datasets(Boroughs, (b, p) => totals.GetValueOrDefault(MeasureCell.ShardOf(b, p)) ?? [], PopulationEstimates.Illustrative, smallNumbers ?? SmallNumbers.Default);
        return datasets.Build(new DatasetQuery(
            [MeasureCatalogue.Find(measure)!], asAt ? [] : [2024], asAt ? [new DateOnly(2025, 3, 31)] : [], boroughs ?? Boroughs, includePartnership, dimensions ?? []));
    }
}
