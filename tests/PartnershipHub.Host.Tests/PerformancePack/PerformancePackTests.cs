using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.PerformancePack;

/// <summary>
/// The board's performance pack in a real browser (Debian's Chromium, headless) against a hub holding a generated
/// tri-borough history: every chart drawn, every figure of its table the one <c>GetDataset</c> gives for the same
/// request, suppressed figures marked, the board's exact figures for its members, nothing for anyone else.
/// </summary>
public sealed class PerformancePackTests(PerformancePackTests.Fixture fixture) : IClassFixture<PerformancePackTests.Fixture>
{
    private static readonly string[] Tables = ["plans-by-borough", "plans-by-age", "plans-by-category", "funnel", "care-by-borough", "mash-timeliness", "missing"];

    private HubProcess Hub => fixture.Hub;

    private string Web => $"http://127.0.0.1:{Hub.WebPort}";

    /// <summary>A hub serving the page, with 150 generated children pushed through sync, and a browser.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly DirectoryInfo dataRoot = Directory.CreateTempSubdirectory("phub-pack-");

        /// <summary>The running hub.</summary>
        public HubProcess Hub { get; private set; } = null!;

        /// <summary>The browser.</summary>
        public HeadlessChromium Browser { get; private set; } = null!;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            Hub = new HubProcess(Path.Combine(dataRoot.FullName, "hub")) { ServesWebPage = true };
            await Hub.StartAsync();
            using var channel = Hub.Channel();
            var seeded = await DemoCommands.Demo(channel, new Uri(Hub.Address), "seed", new Arguments(["--children", "150", "--data-folder", Hub.DataFolder, "--hub", Hub.Address]), TextWriter.Null);
            Assert.Equal(0, seeded);
            await RecordMashDecisions();
            Browser = await HeadlessChromium.StartAsync();
        }

        /// <summary>
        /// Ten Westminster contacts of the last full year decided by the MASH, five red and five amber (enough for
        /// the partnership's figures to be published), which the generated history does not have.
        /// </summary>
        private async Task RecordMashDecisions()
        {
            using var channel = Hub.Channel();
            var mash = new MashService.MashServiceClient(channel);
            var practitioner = Hub.As(ChildRequests.Westminster, "mash-practitioner", "wcc.front-door");
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var yearEnd = new DateTimeOffset(today.Month > 3 ? today.Year : today.Year - 1, 3, 1, 9, 0, 0, TimeSpan.Zero);
            foreach (var (rating, i) in Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? BragRating.Red : BragRating.Amber, i)))
            {
                var contact = MashRequests.Contact(ChildRequests.Westminster);
                contact.ReceivedAt = Timestamp.FromDateTimeOffset(yearEnd.AddDays(i));
                var recorded = (await mash.RecordContactAsync(contact, practitioner)).Contact;
                await mash.RateContactAsync(new RateContactRequest { ChildId = recorded.ChildId, ContactId = recorded.ContactId, Rating = rating, Rationale = "For the pack's test" }, practitioner);
                await mash.RecordDecisionAsync(MashRequests.Decision(recorded.ChildId, recorded.ContactId, yearEnd.AddDays(i).AddHours(3 + (3 * i))), Hub.As(ChildRequests.Westminster, "mash-manager", "wcc.manager"));
            }
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            await Hub.DisposeAsync();
            dataRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_analyst_of_the_partnership_sees_every_chart_with_its_table_equal_to_GetDataset_and_suppressed_figures_marked_c()
    {
        var analyst = await SignIn("lscp", "partnership-analyst", "lscp.analyst");
        var page = await fixture.Browser.EvaluateAsync("document.getElementById('pack').innerText");
        Assert.Contains("PUBLICATION figures: counts of 1 to 4", (string)page!, StringComparison.Ordinal);

        var answers = await TablesEqualGetDataset(analyst);
        Assert.All(answers.Values, a => Assert.Equal(DisclosureMode.Publication, a.DisclosureMode));
        Assert.Contains($"Rates per 10,000 children use population estimates: {answers["plans-by-borough"].PopulationSource}.", (string)page!, StringComparison.Ordinal);

        // The tri-borough's small numbers are hidden, and shown as the published tables show them.
        var suppressed = await fixture.Browser.EvaluateAsync(
            "[...document.querySelectorAll('td[data-suppressed=true]')].map(td => td.innerText.trim() + '|' + td.querySelector('abbr').title)");
        Assert.NotEmpty(suppressed!.AsArray());
        Assert.All(suppressed.AsArray(), s => Assert.StartsWith("c|Suppressed", (string)s!, StringComparison.Ordinal));
        Assert.Equal(answers.Values.Sum(a => a.Cells.Count(c => c.Suppressed)), suppressed.AsArray().Count);

        await ChartsDrawn(answers, exact: false);
        var screenshot = Path.Combine(RepositoryPaths.Root, "TestResults", "performance-pack.png");
        await fixture.Browser.ScreenshotAsync(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot of the whole pack is written");
    }

    [Fact]
    public async Task A_westminster_analyst_a_member_of_the_safeguarding_partnership_sees_the_boards_exact_figures_of_its_three_boroughs()
    {
        var analyst = await SignIn("E09000033", "partnership-analyst", "lscb.analyst");
        Assert.Contains("Figures: BOARD", (string)(await fixture.Browser.EvaluateAsync("document.getElementById('viewer').innerText"))!, StringComparison.Ordinal);

        var answers = await TablesEqualGetDataset(analyst);
        Assert.All(answers.Values, a => Assert.Equal(DisclosureMode.Board, a.DisclosureMode));
        Assert.All(answers.Values, a => Assert.Equal(["E09000013", "E09000020", "E09000033"], a.Cells.Select(c => c.Borough).Distinct().Order(StringComparer.Ordinal)));
        Assert.Empty((await fixture.Browser.EvaluateAsync("[...document.querySelectorAll('td[data-suppressed]')].map(td => td.innerText)"))!.AsArray());
        await ChartsDrawn(answers, exact: true);

        // The filter: one borough, asked for in the page's address as the form sends it.
        await fixture.Browser.NavigateAsync($"{Web}/pack?year=2025&borough=E09000020");
        await fixture.Browser.WaitUntilAsync("document.getElementById('pack').dataset.loaded === 'true'", TimeSpan.FromSeconds(30));
        var filtered = await TablesEqualGetDataset(analyst, "year=2025&borough=E09000020");
        Assert.All(filtered.Values, a => Assert.All(a.Cells, c => Assert.Equal("E09000020", c.Borough)));
        Assert.Contains("2024-25", filtered["funnel"].Cells.Select(c => c.Period));
    }

    [Fact]
    public async Task A_mash_practitioner_signed_in_gets_no_figures_and_every_view_is_in_the_partnership_datasets_audit_trail()
    {
        var before = PackViews();
        await SignIn("E09000033", "mash-practitioner", "wcc.practitioner", expectFigures: false);
        var refusal = await fixture.Browser.EvaluateAsync("document.querySelector('[data-refused]').innerText");
        Assert.Contains("may not open the board's performance pack", (string)refusal!, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await fixture.Browser.EvaluateAsync("document.querySelectorAll('table, svg, td').length"))!);
        Assert.Equal(403, (int)(await fixture.Browser.EvaluateAsync("fetch('/pack/data').then(r => r.status)"))!);

        var views = PackViews().Skip(before.Count).ToList();
        Assert.Equal(2, views.Count(v => (string)v["user_id"]! == "wcc.practitioner" && (string)v["outcome"]! == "denied"));

        await SignIn("lscp", "partnership-analyst", "lscp.viewer");
        var returned = PackViews().Skip(before.Count).Where(v => (string)v["user_id"]! == "lscp.viewer").ToList();
        Assert.Equal("returned", (string)returned.Single()["outcome"]!);
        Assert.Contains("PUBLICATION pack for the year to 31 March", (string)returned.Single()["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_the_figures_are_refused_and_a_token_of_another_key_does_not_sign_in()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Web) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/pack/data")).StatusCode);
        var page = await http.GetAsync("/pack");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/pack/sign-in", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = LocalTokenIssuer.Issue(otherKey, "lscp", "partnership-analyst", "someone", TimeSpan.FromHours(1));
        var signIn = await http.PostAsync("/pack/sign-in", new FormUrlEncodedContent([new("token", forged)]));
        Assert.Equal("/pack/sign-in?refused=1", signIn.Headers.Location!.OriginalString);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Signs in through the page's form with a token of the hub's key; returns the gRPC headers of the same viewer.</summary>
    private async Task<Grpc.Core.Metadata> SignIn(string organisation, string role, string user, bool expectFigures = true)
    {
        var token = LocalTokenIssuer.Issue(Hub.DataFolder, organisation, role, user, TimeSpan.FromHours(1));
        var browser = fixture.Browser;
        await browser.NavigateAsync($"{Web}/pack/sign-in");
        await browser.EvaluateAsync($"document.getElementById('token').value = '{token}'; document.querySelector('form').submit(); true");
        await browser.WaitUntilAsync(
            expectFigures ? "document.getElementById('pack')?.dataset.loaded === 'true'" : "document.querySelector('[data-refused]') !== null",
            TimeSpan.FromSeconds(60));
        return Hub.As(organisation, role, user);
    }

    /// <summary>
    /// For each table on the page: its request (as the page's data gives it) sent to GetDataset as the same viewer, and
    /// every cell of the answer found in the table with the same figures, shown to one decimal place where they have
    /// decimals; no figure on the page that the answer lacks.
    /// </summary>
    private async Task<Dictionary<string, GetDatasetResponse>> TablesEqualGetDataset(Grpc.Core.Metadata viewer, string query = "")
    {
        var data = (await fixture.Browser.EvaluateAsync($"fetch('/pack/data?{query}').then(r => r.json())"))!;
        var shown = (await fixture.Browser.EvaluateAsync("""
            Object.fromEntries([...document.querySelectorAll('table[data-for]')].map(t => [t.dataset.for,
              [...t.querySelectorAll('td[data-measure]')].map(td => ({
                key: [td.dataset.measure, td.dataset.period, td.dataset.borough, td.dataset.breakdown].join('|'),
                suppressed: td.dataset.suppressed === 'true', text: td.innerText.trim(),
                fields: Object.fromEntries([...td.querySelectorAll('[data-field]')].map(s => [s.dataset.field, s.textContent])) }))]))
            """))!.AsObject();
        using var channel = Hub.Channel();
        var datasets = new DatasetService.DatasetServiceClient(channel);
        var answers = new Dictionary<string, GetDatasetResponse>();
        Assert.Equal(Tables, data["tables"]!.AsArray().Select(t => (string)t!["id"]!));
        foreach (var table in data["tables"]!.AsArray())
        {
            var id = (string)table!["id"]!;
            var request = JsonParser.Default.Parse<GetDatasetRequest>(table["request"]!.ToJsonString());
            var answer = await datasets.GetDatasetAsync(request, viewer);
            answers[id] = answer;
            var cells = shown[id]!.AsArray().ToDictionary(c => (string)c!["key"]!, c => c!);
            Assert.Equal(answer.Cells.Count, cells.Count);
            foreach (var cell in answer.Cells)
            {
                var td = cells[$"{cell.Measure}|{cell.Period}|{cell.Borough}|{cell.Breakdown}"];
                Assert.Equal(cell.Suppressed, (bool)td["suppressed"]!);
                var fields = td["fields"]!.AsObject().ToDictionary(f => f.Key, f => (string)f.Value!);
                Assert.Equal(Figures(cell), fields);
                if (cell.Suppressed)
                {
                    Assert.Equal("c", (string)td["text"]!);
                }
            }
        }

        return answers;
    }

    /// <summary>The figures of a cell as the page must show them.</summary>
    private static Dictionary<string, string> Figures(DatasetCell cell)
    {
        var figures = new Dictionary<string, string>();
        if (cell.Suppressed)
        {
            return figures;
        }

        static string One(double x) => x.ToString("F1", CultureInfo.InvariantCulture);
        if (cell.HasCount)
        {
            figures["count"] = cell.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (cell.HasNumerator)
        {
            figures["numerator"] = cell.Numerator.ToString(CultureInfo.InvariantCulture);
        }

        if (cell.HasDenominator)
        {
            figures["denominator"] = cell.Denominator.ToString(CultureInfo.InvariantCulture);
        }

        if (cell.HasPercentage)
        {
            figures["percentage"] = One(cell.Percentage) + "%";
        }

        if (cell.HasRatePer10000)
        {
            figures["ratePer10000"] = One(cell.RatePer10000);
        }

        if (cell.HasValue)
        {
            figures["value"] = One(cell.Value);
        }

        return figures;
    }

    /// <summary>
    /// Every chart is an SVG; one whose answer has a figure above 0 has axes and marks of visible size, one without says
    /// it has nothing to draw. With <paramref name="exact"/> figures (BOARD) every chart of the generated history has some.
    /// </summary>
    private async Task ChartsDrawn(Dictionary<string, GetDatasetResponse> answers, bool exact)
    {
        var charts = (await fixture.Browser.EvaluateAsync("""
            Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(c => [c.dataset.chart, {
              svg: c.querySelectorAll('svg').length, nothing: c.querySelector('[data-nothing]') !== null,
              axes: c.querySelectorAll('svg g[aria-label$="axis tick"], svg g[aria-label$="axis tick label"]').length,
              marks: [...c.querySelectorAll('svg g[aria-label="bar"] rect, svg g[aria-label="line"] path, svg g[aria-label="dot"] circle')]
                .filter(e => { const b = e.getBBox(); return e.tagName !== 'rect' || b.height > 0; }).length }]))
            """))!.AsObject();
        Assert.Equal(Tables, charts.Select(c => c.Key));
        var drawn = 0;
        foreach (var (id, chart) in charts)
        {
            Assert.True((int)chart!["svg"]! >= 1, $"{id} has an SVG chart");
            if (answers[id].Cells.Any(c => !c.Suppressed && ((c.HasCount && c.Count > 0) || (c.HasValue && c.Value > 0) || (c.HasNumerator && c.Numerator > 0))))
            {
                Assert.True((int)chart["axes"]! > 0, $"{id} has axes");
                Assert.True((int)chart["marks"]! > 0, $"{id} draws its figures");
                Assert.False((bool)chart["nothing"]!, $"{id} does not say it has nothing to draw");
                drawn++;
            }
            else
            {
                Assert.True((bool)chart["nothing"]!, $"{id} says it has nothing to draw");
            }
        }

        Assert.True(drawn >= (exact ? Tables.Length : 4), $"{drawn} charts have figures to draw");
    }

    private List<Dictionary<string, object?>> PackViews() =>
        HubDatabase.Query(Hub.Database, "SELECT user_id, outcome, detail FROM audit_record WHERE subject = 'partnership/datasets' AND action = 'datasets.pack' ORDER BY sequence");
}
