using System.Xml.Linq;
using PartnershipHub.Cli.Import;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Generator;
using PartnershipHub.Testing;
using Xunit.Abstractions;

namespace PartnershipHub.Host.Tests.Datasets;

/// <summary>
/// A hub of its own for loading boroughs' whole histories, with batches given a short time (3 seconds) so that a
/// slow hub answers RESEND and the clients' resends are part of every load.
/// </summary>
public sealed class HistoryHubFixture : DatasetHubFixture
{
    /// <inheritdoc />
    protected override void Configure(HubProcess hub) => hub.Settings["Sync__BatchSeconds"] = "3";
}

/// <summary>The history tests, on their own hub.</summary>
[CollectionDefinition(Name)]
public sealed class HistoryCollection : ICollectionFixture<HistoryHubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "history";
}

/// <summary>
/// A borough's data manager loads the partnership's whole statutory history: the tri-borough's children from 2010 to
/// yesterday (many of them adults now) pushed through sync, and a CIN census imported with <c>phub import</c>. Every
/// record gets in, and the partnership's figures at each 31 March from 2012 to 2016 and the 2015-16 funnel are the
/// test's own count, cell for cell.
/// </summary>
[Collection(HistoryCollection.Name)]
public sealed class BoroughHistoryTests(HistoryHubFixture fixture, ITestOutputHelper output)
{
    private static readonly DateOnly[] YearEnds = [.. Enumerable.Range(2012, 5).Select(y => new DateOnly(y, 3, 31))];

    private static readonly string[] Breakdowns = ["age-band", "category", "legal-status", "placement-type", "place", "associate", "push-factor", "pull-factor"];

    /// <summary>
    /// The measures whose every record the statutory returns carry as the generator made it (not the return
    /// interviews, care leaver statuses or adoption milestones, which the files leave out).
    /// </summary>
    private static readonly string[] CarriedByTheReturns =
    [
        "cp-plans", "looked-after", "placed-outside-borough", "placed-outside-london", "placement-stability",
        "s47-enquiries", "icpc-after-s47", "s47-leading-to-icpc", "icpc-resulting-in-plan", "icpc-on-time", "cp-plans-started",
        "cp-plans-ended", "cp-plans-ended-after-2-years", "cp-plans-repeat", "cp-reviews-on-time",
        "care-reviews-on-time", "care-reviews-participation", "missing-episodes", "missing-children", "sgos", "caos",
    ];

    /// <summary>Children generated for the import test, half in each of its two boroughs.</summary>
    private const int ImportedChildren = 400;

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task The_tri_boroughs_history_since_2010_with_children_who_are_adults_now_loads_completely_and_gives_the_tests_own_figures()
    {
        using var channel = Hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        await datasets.LoadPopulationEstimatesAsync(DatasetTests.PopulationRequest(firstMidYear: 2010), Hub.As("hub-admin", "administrator"));

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var population = new GeneratedPopulation(seed: 20101116, PopulationShape.History(yesterday));
        population.Generate(240);
        Assert.Contains(population.Children, c => c.BirthDate < yesterday.AddYears(-25) && c.Records.Count > 0);
        Assert.True(population.Children.Count(c => c.BirthDate < yesterday.AddYears(-18)) > 60, "too few children who are adults now");

        var sync = new SyncService.SyncServiceClient(channel);
        foreach (var borough in population.Shape.Boroughs)
        {
            var changes = population.PushStream(borough).ToList();
            var (outcomes, resent) = await SyncPusher.PushAll(sync, Hub.As(borough, "borough-sync", "history-load"), changes, batchSize: 250);
            output.WriteLine($"{borough}: {changes.Count} records, {resent} sent again after RESEND");
            Assert.Equal(changes.Select(c => c.SourceId).Order(), outcomes.Select(o => o.SourceId).Order());
            var refused = outcomes.Where(o => o.Outcome is not (ChangeOutcome.Applied or ChangeOutcome.Duplicate)).ToList();
            Assert.True(refused.Count == 0, string.Join("\n", refused.Take(5).Select(o => $"{o.SourceId}: {o.Outcome} {string.Join("; ", o.Reasons.Select(r => r.Field + " " + r.Description))}")));
        }

        var request = new GetDatasetRequest { FinancialYears = { 2015 }, AsAtDates = { YearEnds.Select(d => d.ToString("yyyy-MM-dd")) }, Boroughs = { population.Shape.Boroughs }, Breakdowns = { Breakdowns } };
        request.Measures.AddRange(ExpectedFigures.Measures.Select(m => m.Measure));
        var expected = new ExpectedFigures(population.Children, YearEnds, DatasetTests.Population);
        foreach (var borough in population.Shape.Boroughs)
        {
            var cells = await DatasetTests.AssertCellsMatch(datasets.GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst")), expected, borough);
            Assert.True(cells > 150, $"only {cells} cells of {borough}");
        }

        // Every age band, category, legal status and placement type has a cell for every borough and 31 March, 0 or not.
        var response = await datasets.GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst"));
        Assert.Equal(3 * 5 * 7, response.Cells.Count(c => c.Measure == "cp-plans" && c.Breakdown.StartsWith("age-band=", StringComparison.Ordinal)));
        Assert.Contains(response.Cells, c => c.Measure == "cp-plans" && c.Breakdown == "category=unknown" && c.Count > 0);
        Assert.Contains(response.Cells, c => c is { Measure: "looked-after", Count: 0 } && c.Breakdown.StartsWith("placement-type=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generated_history_since_2010_written_as_ssda903_and_cin_census_files_and_imported_with_phub_import_gives_the_tests_own_figures()
    {
        using var channel = Hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        await datasets.LoadPopulationEstimatesAsync(DatasetTests.PopulationRequest(firstMidYear: 2010), Hub.As("hub-admin", "administrator"));

        // Hounslow and Brent, whose figures the other tests here do not read.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var population = new GeneratedPopulation(seed: 20100401, new PopulationShape(["E09000018", "E09000005"], new DateOnly(2010, 4, 1), yesterday));
        population.Generate(ImportedChildren);
        Assert.Contains(population.Children, c => c.BirthDate < yesterday.AddYears(-25) && c.Records.Count > 0);
        foreach (var borough in population.Shape.Boroughs)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"phub-returns-{Guid.NewGuid():N}");
            StatutoryReturnFiles.Write(population, borough, folder);
            var token = PartnershipHub.Cli.LocalTokenIssuer.Issue(Hub.DataFolder, borough, "borough-sync", "returns-import", TimeSpan.FromHours(1));
            using var report = new StringWriter();
            var exit = await ImportCommand.Run([folder, "--token", token, "--hub", Hub.Address, "--batch-size", "200"], report, TextWriter.Null, terminal: false);
            var text = report.ToString();
            output.WriteLine($"{borough}: {text.Split('\n')[0]}");
            Assert.True(exit == 0, text);
            // Every record the files describe got in: applied, or a duplicate when the hub answered RESEND to a record
            // it then stored anyway (this hub's batches have 3 seconds).
            var counts = System.Text.RegularExpressions.Regex.Match(text, @"Imported (\d+) records: (\d+) applied, (\d+) duplicate, 0 rejected by the hub; 0 rows refused before sending");
            Assert.True(counts.Success, text);
            var expected = StatutoryReturns.Map([folder], borough, null, DateOnly.FromDateTime(DateTime.UtcNow)).Changes.Count;
            Assert.Equal((expected, expected), (int.Parse(counts.Groups[1].Value), int.Parse(counts.Groups[2].Value) + int.Parse(counts.Groups[3].Value)));
            Assert.True(expected > 100, $"only {expected} records");
            Directory.Delete(folder, recursive: true);
        }

        // What the returns carry, counted by the test from the generated children: every 31 March's plans and care,
        // the 2015-16 funnel from enquiry to conference to plan, and the year's plans, reviews and missing episodes.
        var request = new GetDatasetRequest { FinancialYears = { 2015 }, AsAtDates = { YearEnds.Select(d => d.ToString("yyyy-MM-dd")) }, Boroughs = { population.Shape.Boroughs }, Breakdowns = { "age-band", "category", "legal-status", "placement-type" } };
        request.Measures.AddRange(CarriedByTheReturns);
        var expectedFigures = new ExpectedFigures(population.Children, YearEnds, DatasetTests.Population);
        var response = await datasets.GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst"));
        foreach (var borough in population.Shape.Boroughs)
        {
            var cells = await DatasetTests.AssertCellsMatch(datasets.GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst")), expectedFigures, borough, CarriedByTheReturns);
            output.WriteLine($"{borough}: {cells} cells as the test counted them");
            Assert.All(YearEnds, day => Assert.True(response.Cells.Single(c => c.Borough == borough && c.Measure == "looked-after" && c.Period == day.ToString("yyyy-MM-dd") && c.Breakdown.Length == 0).Count > 0));
        }

        // The funnel compared is not empty: the two boroughs had enquiries, conferences and plans in 2015-16.
        foreach (var measure in new[] { "s47-enquiries", "icpc-after-s47", "cp-plans-started" })
        {
            Assert.True(response.Cells.Where(c => c.Measure == measure && c.Period == "2015-16" && c.Breakdown.Length == 0).Sum(c => c.Count) > 0, $"no {measure} in 2015-16");
        }
    }

    [Fact]
    public async Task A_cin_census_imported_with_phub_import_gives_the_section_47_funnel_the_census_describes()
    {
        const string ealing = "E09000009";
        var census = Path.Combine(RepositoryPaths.Root, "tests", "data", "cin-census");
        var token = PartnershipHub.Cli.LocalTokenIssuer.Issue(Hub.DataFolder, ealing, "borough-sync", "ealing-returns", TimeSpan.FromHours(1));
        using var report = new StringWriter();
        var exit = await ImportCommand.Run([census, "--token", token, "--hub", Hub.Address, "--state", Path.Combine(Path.GetTempPath(), $"phub-{Guid.NewGuid():N}.json")], report, TextWriter.Null, terminal: false);
        Assert.True(exit == 0, report.ToString());

        // The test's own reading of the census: enquiries by the year they started, conferences by the year held
        // and whether a plan started that day, plans by the year they started.
        var details = XDocument.Load(Directory.GetFiles(census, "*.xml").Single()).Descendants().Where(e => e.Name.LocalName == "CINdetails").ToList();
        string Text(XElement e, string name) => e.Descendants().FirstOrDefault(d => d.Name.LocalName == name)?.Value.Trim() ?? string.Empty;
        static string Year(string date) => DateOnly.Parse(date) is var d && d.Month >= 4 ? $"{d.Year}-{(d.Year + 1) % 100:00}" : $"{d.Year - 1}-{d.Year % 100:00}";
        var enquiries = details.SelectMany(d => d.Elements().Where(e => e.Name.LocalName == "Section47").Select(s => (Details: d, Start: Text(s, "S47ActualStartDate"), Held: Text(s, "DateOfInitialCPC")))).ToList();
        var plans = details.SelectMany(d => d.Descendants().Where(e => e.Name.LocalName == "CPPstartDate").Select(e => (Details: d, Start: e.Value.Trim()))).ToList();
        Assert.True(enquiries.Count(e => e.Held.Length > 0) >= 3, "the sample census should hold conferences");

        var request = new GetDatasetRequest { Measures = { "s47-enquiries", "icpc-after-s47", "s47-leading-to-icpc", "icpc-resulting-in-plan", "cp-plans-started" }, FinancialYears = { 2024, 2025 }, Boroughs = { ealing } };
        using var channel = Hub.Channel();
        var cells = (await new DatasetService.DatasetServiceClient(channel).GetDatasetAsync(request, Hub.As("lscp", "partnership-analyst"))).Cells;
        foreach (var year in new[] { "2024-25", "2025-26" })
        {
            var started = enquiries.Where(e => Year(e.Start) == year).ToList();
            var held = enquiries.Where(e => e.Held.Length > 0 && Year(e.Held) == year).ToList();
            var withPlan = held.Count(e => plans.Contains((e.Details, e.Held)));
            DatasetCell Cell(string measure) => cells.Single(c => c.Measure == measure && c.Period == year && c.Breakdown.Length == 0);
            Assert.Equal(started.Count, Cell("s47-enquiries").Count);
            Assert.Equal(held.Count, Cell("icpc-after-s47").Count);
            Assert.Equal((started.Count(e => e.Held.Length > 0), started.Count), (Cell("s47-leading-to-icpc").Numerator, Cell("s47-leading-to-icpc").Denominator));
            Assert.Equal((withPlan, held.Count), (Cell("icpc-resulting-in-plan").Numerator, Cell("icpc-resulting-in-plan").Denominator));
            Assert.Equal(plans.Count(p => Year(p.Start) == year), Cell("cp-plans-started").Count);
        }
    }
}
