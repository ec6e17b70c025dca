using Grpc.Core;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// A generated population of children, pushed through the boroughs' sync call into the real hub, gives through the
/// dataset call exactly the figures the test works out itself from the same records, for every measure; after random
/// edits and back-dated corrections it still does, and the full recomputation finds no difference.
/// </summary>
[Collection(DatasetCollection.Name)]
public sealed class DatasetTests(DatasetHubFixture fixture)
{
    private static readonly DateOnly[] YearEnds = [.. Enumerable.Range(2019, 8).Select(y => new DateOnly(y, 3, 31))];

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task A_generated_population_gives_the_tests_own_figures_for_every_measure_before_and_after_back_dated_corrections()
    {
        using var channel = Hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        var admin = Hub.As("hub-admin", "administrator");
        await datasets.LoadPopulationEstimatesAsync(PopulationRequest(), admin);

        var population = new GeneratedPopulation(seed: 20261123);
        population.Generate(180);
        var sync = new SyncService.SyncServiceClient(channel);
        foreach (var borough in population.Shape.Boroughs)
        {
            await Push(sync, Hub.As(borough, "borough-sync", "case-system"), [.. population.PushStream(borough)]);
        }

        await AssertFiguresMatch(datasets, population);
        await AssertAnnualReportTable(datasets, population);

        foreach (var borough in population.Edit(60).GroupBy(e => e.Child.Borough))
        {
            await Push(sync, Hub.As(borough.Key, "borough-sync", "case-system"), [.. borough.Select(e => e.Change)]);
        }

        await AssertFiguresMatch(datasets, population);
        var check = await datasets.CheckTotalsAsync(new CheckTotalsRequest(), admin);
        Assert.Equal(180, check.Children);
        Assert.True(check.Cells > 1000, $"only {check.Cells} cells compared");
        Assert.Empty(check.Differences);
    }

    [Fact]
    public async Task Datasets_are_refused_to_other_boroughs_staff_agencies_and_sync_services_and_bad_requests_name_their_fields()
    {
        using var channel = Hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        var request = new GetDatasetRequest { Measures = { "cp-plans" }, AsAtDates = { "2025-03-31" }, Boroughs = { "E09000033" } };

        await datasets.GetDatasetAsync(request, Hub.As("E09000033", "social-worker"));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(request, Hub.As("E09000013", "social-worker")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(request, Hub.As("met-police", "agency-responder")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(request, Hub.As("E09000033", "borough-sync")).ResponseAsync);
        var partnership = request.Clone();
        partnership.IncludePartnership = true;
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.GetDatasetAsync(partnership, Hub.As("E09000033", "social-worker")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => datasets.CheckTotalsAsync(new CheckTotalsRequest(), Hub.As("E09000033", "partnership-analyst")).ResponseAsync);

        var analyst = Hub.As("lscp", "partnership-analyst");
        var bad = new GetDatasetRequest { Measures = { "cp-plans", "no-such-measure", "referrals" }, AsAtDates = { "2025-03-30" }, Boroughs = { "E09999999" }, Breakdowns = { "rating" } };
        var error = await RpcAssert.Fails(StatusCode.InvalidArgument, () => datasets.GetDatasetAsync(bad, analyst).ResponseAsync);
        Assert.Equal(
            ["measures[1]", "financial_years", "as_at_dates[0]", "boroughs[0]", "breakdowns[0]"],
            RpcAssert.Violations(error).Select(v => v.Field));
        await RpcAssert.InvalidField("estimates[0].age", () => datasets.LoadPopulationEstimatesAsync(
            new LoadPopulationEstimatesRequest { Source = "test", Estimates = { new PopulationEstimate { Borough = "E09000033", MidYear = 2024, Age = 18, Population = 5 } } },
            Hub.As("hub-admin", "administrator")).ResponseAsync);
    }

    /// <summary>The test's population estimates: a figure per borough, year and age it can work out again.</summary>
    internal static long Population(string borough, int midYear, int age) =>
        1000 + (10 * age) + (7 * GeneratedPopulation.Boroughs.ToList().IndexOf(borough)) + (midYear - 2015);

    /// <summary>The test's population estimates for the mid-years from <paramref name="firstMidYear"/> to 2026.</summary>
    internal static LoadPopulationEstimatesRequest PopulationRequest(int firstMidYear = 2015)
    {
        var request = new LoadPopulationEstimatesRequest { Source = "test figures" };
        request.Estimates.AddRange(
            from borough in GeneratedPopulation.Boroughs
            from year in Enumerable.Range(firstMidYear, 2027 - firstMidYear)
            from age in Enumerable.Range(0, 18)
            select new PopulationEstimate { Borough = borough, MidYear = year, Age = age, Population = Population(borough, year, age) });
        return request;
    }

    /// <summary>
    /// Pushes the changes in batches of 500, sending again what the hub answers RESEND, and checks every one got in
    /// (applied, or a duplicate when a resent record had been stored after all).
    /// </summary>
    private static async Task Push(SyncService.SyncServiceClient sync, Metadata headers, IReadOnlyList<ChangeRecord> changes)
    {
        var (outcomes, _) = await SyncPusher.PushAll(sync, headers, changes, 500);
        Assert.Equal(changes.Count, outcomes.Count);
        foreach (var outcome in outcomes)
        {
            Assert.True(outcome.Outcome is ChangeOutcome.Applied or ChangeOutcome.Duplicate, $"{outcome.SourceId}: {outcome.Outcome} {string.Join("; ", outcome.Reasons.Select(r => r.Field + " " + r.Description))}");
        }
    }

    private async Task AssertFiguresMatch(DatasetService.DatasetServiceClient datasets, GeneratedPopulation population)
    {
        var request = new GetDatasetRequest
        {
            FinancialYears = { Enumerable.Range(2018, 9) },
            AsAtDates = { YearEnds.Select(d => d.ToString("yyyy-MM-dd")) },
            IncludePartnership = true,
            Breakdowns = { "age-band", "category", "legal-status", "placement-type", "place", "associate", "push-factor", "pull-factor" },
        };
        request.Measures.AddRange(ExpectedFigures.Measures.Select(m => m.Measure));
        var seen = await AssertCellsMatch(datasets.GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst")), new ExpectedFigures(population.Children, YearEnds, Population), "partnership");
        Assert.True(seen > 300, $"only {seen} partnership cells");
    }

    /// <summary>
    /// Checks every cell of a dataset against the test's own figures, and that every figure the test counted in
    /// <paramref name="scope"/> (a borough or the partnership) for the periods asked (and the measures, when
    /// <paramref name="measures"/> names those asked) is among the cells; returns how many cells of that scope there were.
    /// </summary>
    internal static async Task<int> AssertCellsMatch(AsyncUnaryCall<GetDatasetResponse> call, ExpectedFigures expected, string scope, IReadOnlyCollection<string>? measures = null)
    {
        var response = await call;
        var seen = new HashSet<(string, string, string)>();
        foreach (var cell in response.Cells)
        {
            var what = $"{cell.Measure} {cell.Period} {cell.Borough} '{cell.Breakdown}'";
            var want = expected.For(cell.Measure, cell.Period, cell.Borough, cell.Breakdown);
            Assert.False(cell.Suppressed, what);
            Assert.True(want.Count == (cell.HasCount ? cell.Count : null), $"{what}: count {cell.Count}, expected {want.Count}");
            Assert.True(want.Numerator == (cell.HasNumerator ? cell.Numerator : null), $"{what}: numerator {cell.Numerator}, expected {want.Numerator}");
            Assert.True(want.Denominator == (cell.HasDenominator ? cell.Denominator : null), $"{what}: denominator {cell.Denominator}, expected {want.Denominator}");
            AssertClose(want.Percentage, cell.HasPercentage ? cell.Percentage : null, what + " percentage");
            AssertClose(want.Rate, cell.HasRatePer10000 ? cell.RatePer10000 : null, what + " rate");
            AssertClose(want.Value, cell.HasValue ? cell.Value : null, what + " value");
            if (cell.Borough == scope)
            {
                seen.Add((cell.Measure, cell.Period, cell.Breakdown));
            }
        }

        var periods = response.Cells.Select(c => c.Period).ToHashSet();
        var missing = expected.NonZero(scope).Where(k => periods.Contains(k.Period) && (measures is null || measures.Contains(k.Measure)) && !seen.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "figures the test counted are missing from the dataset: " + string.Join(", ", missing.Take(10)));
        return seen.Count;
    }

    /// <summary>The CLI's table of children on a plan at 31 March by borough, as CSV, has the test's own figures.</summary>
    private async Task AssertAnnualReportTable(DatasetService.DatasetServiceClient datasets, GeneratedPopulation population)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"plans-{Guid.NewGuid():N}.csv");
        await PartnershipHub.Cli.DatasetCommands.Datasets(datasets, "table", new PartnershipHub.Cli.Arguments(["plans-by-borough", "--year", "2025", "--csv", csv]),
            Hub.As("lscp", "partnership-analyst"));
        var expected = new ExpectedFigures(population.Children, YearEnds, Population);
        string Figure(int year)
        {
            var cell = expected.For("cp-plans", $"{year}-03-31", "E09000033", string.Empty);
            var rate = cell.Rate?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return $"Westminster,{year},cp-plans,{year}-03-31,E09000033,,{cell.Count},,,,{rate},false";
        }

        var lines = await File.ReadAllLinesAsync(csv);
        File.Delete(csv);
        Assert.StartsWith("# Disclosure: PUBLICATION", lines[1], StringComparison.Ordinal);
        Assert.Equal("row,column,measure,period,borough,breakdown,count,numerator,denominator,percentage,rate_per_10000,suppressed", lines[3]);
        Assert.Equal(Enumerable.Range(2021, 5).Select(Figure), lines.Where(l => l.StartsWith("Westminster,", StringComparison.Ordinal)));
    }

    private static void AssertClose(double? expected, double? actual, string what) =>
        Assert.True(expected is null ? actual is null : actual is { } a && Math.Abs(a - expected.Value) < 1e-9, $"{what}: {actual}, expected {expected}");
}
