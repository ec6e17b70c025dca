using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Board.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Host.Tests.Board;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Host.Tests.Mash;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.PerformancePack;

/// <summary>
/// The board's performance pack in a real browser (Debian's Chromium, headless) against a hub holding a generated
/// tri-borough history: every chart drawn, every figure of its table the one <c>GetDataset</c> gives for the same
/// request, suppressed figures marked, the board's exact figures and its own actions and attendance (as
/// <c>BoardService</c> answers them) for its members, the England and London comparators held (the test's own made-up
/// figures) beside the figures, nothing for anyone else, and no form posted without the page's anti-forgery token.
/// </summary>
public sealed class PerformancePackTests(PerformancePackTests.Fixture fixture) : IClassFixture<PerformancePackTests.Fixture>
{
    private static readonly string[] Tables = ["plans-by-borough", "plans-by-age", "plans-by-category", "funnel", "care-by-borough", "mash-timeliness", "missing"];

    private static readonly string[] BoardTables = ["board-actions", "board-attendance"];

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
            await RecordBoard();
            await LoadComparators();
            Browser = await HeadlessChromium.StartAsync();
        }

        /// <summary>The year the pack shows by default: the last year to 31 March passed.</summary>
        public static int LatestYear
        {
            get
            {
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                return today >= new DateOnly(today.Year, 3, 31) ? today.Year : today.Year - 1;
            }
        }

        /// <summary>
        /// The tri-borough board's actions (one overdue, one not yet due, one done on evidence, a recommendation
        /// dropped) and three meetings of the pack's year, two with their attendance recorded.
        /// </summary>
        private async Task RecordBoard()
        {
            using var channel = Hub.Channel();
            var board = new BoardService.BoardServiceClient(channel);
            var analyst = Hub.As(ChildRequests.Westminster, "partnership-analyst", "lscb.analyst");
            await board.CreateItemAsync(BoardScenario.Action("met-police", SharedServices.Day(-30), "Police at every initial strategy discussion"), analyst);
            await board.CreateItemAsync(BoardScenario.Action("E09000020", SharedServices.Day(60), "Audit repeat plans"), analyst);
            var done = (await board.CreateItemAsync(BoardScenario.Action("nwl-icb", SharedServices.Day(-10), "GP reports to every conference"), analyst)).Item;
            await board.AddNoteAsync(new AddNoteRequest { ItemId = done.ItemId, ExpectedVersion = 1, Kind = NoteKind.Evidence, Text = "Audit of ten conferences" }, analyst);
            await board.ChangeStatusAsync(new ChangeStatusRequest { ItemId = done.ItemId, ExpectedVersion = 2, Status = BoardItemStatus.Done }, analyst);
            var recommendation = BoardScenario.Action("E09000013", SharedServices.Day(-5), "Relaunch the escalation policy");
            recommendation.Kind = BoardItemKind.CaseReviewRecommendation;
            var dropped = (await board.CreateItemAsync(recommendation, analyst)).Item;
            await board.ChangeStatusAsync(new ChangeStatusRequest { ItemId = dropped.ItemId, ExpectedVersion = 1, Status = BoardItemStatus.Dropped, Reason = "Superseded" }, analyst);

            var yearEnd = new DateOnly(LatestYear, 3, 31);
            string[] members = [ChildRequests.Westminster, "met-police", "nwl-icb"];
            string Date(int days) => yearEnd.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await BoardScenario.Meeting(board, analyst, Date(-320), members,
                (ChildRequests.Westminster, AttendanceStatus.Attended), ("met-police", AttendanceStatus.SentDeputy), ("nwl-icb", AttendanceStatus.Apologies));
            await BoardScenario.Meeting(board, analyst, Date(-200), members, (ChildRequests.Westminster, AttendanceStatus.Attended), ("met-police", AttendanceStatus.Attended));
            await board.ScheduleMeetingAsync(new ScheduleMeetingRequest { Board = BoardScenario.Board, Date = Date(-75), Title = "Board", ExpectedMembers = { members } }, analyst);
        }

        /// <summary>England and London comparators of the pack's periods: this test's own made-up figures, not published ones.</summary>
        private async Task LoadComparators()
        {
            using var channel = Hub.Channel();
            var request = new LoadComparatorsRequest();
            static Comparator Made(ComparatorArea area, string measure, string period, ComparatorFigure figure, double value) => new()
            {
                Area = area,
                Measure = measure,
                Period = period,
                Figure = figure,
                Value = value,
                Source = "Test fixture",
                Publication = "Made-up figures for the hub's tests",
            };
            for (var year = LatestYear - 2; year <= LatestYear; year++)
            {
                request.Comparators.Add(Made(ComparatorArea.England, "cp-plans", $"{year}-03-31", ComparatorFigure.RatePer10000, 40 + (year % 3)));
                request.Comparators.Add(Made(ComparatorArea.London, "cp-plans", $"{year}-03-31", ComparatorFigure.RatePer10000, 35.5 + (year % 3)));
            }

            request.Comparators.Add(Made(ComparatorArea.England, "looked-after", $"{LatestYear}-03-31", ComparatorFigure.RatePer10000, 70.4));
            request.Comparators.Add(Made(ComparatorArea.England, "looked-after", $"{LatestYear}-03-31", ComparatorFigure.Count, 83000));
            request.Comparators.Add(Made(ComparatorArea.England, "icpc-resulting-in-plan", $"{LatestYear - 1}-{LatestYear % 100:00}", ComparatorFigure.Percentage, 77.5));
            await new DatasetService.DatasetServiceClient(channel).LoadComparatorsAsync(request, Hub.As("lscp", "partnership-analyst", "lscp.comparators"));
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

        await ChartsDrawn(answers, exact: false, board: false);

        // The partnership's own analyst is no member of a board: no board's trackers, and the page says why.
        Assert.Contains("you manage no board", (string)(await fixture.Browser.EvaluateAsync("document.querySelector('[data-board=none]').innerText"))!, StringComparison.Ordinal);
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
        await ChartsDrawn(answers, exact: true, board: true);

        // The comparators held are drawn on the rate charts as dashed reference lines, labelled, their source under the table.
        var references = await fixture.Browser.EvaluateAsync("""
            ['plans-by-borough', 'care-by-borough'].map(id => [...document.querySelectorAll(`[data-chart="${id}"] svg g.comparator[aria-label="text"] text`)].map(t => t.textContent).join(' '))
            """);
        Assert.Equal(["England London", "England"], references!.AsArray().Select(r => (string)r!));
        Assert.Equal(2, (int)(await fixture.Browser.EvaluateAsync("""document.querySelectorAll('[data-chart="plans-by-borough"] svg g.comparator[aria-label="line"] path').length"""))!);
        Assert.Contains("England and London comparators, as published: Test fixture, Made-up figures for the hub's tests.",
            (string)(await fixture.Browser.EvaluateAsync("document.querySelector('table[data-for=plans-by-borough] [data-sources]').innerText"))!, StringComparison.Ordinal);

        var screenshot = Path.Combine(RepositoryPaths.Root, "TestResults", "performance-pack.png");
        await fixture.Browser.ScreenshotAsync(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot of the whole pack is written");

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
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Web) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/pack/data")).StatusCode);
        var page = await http.GetAsync("/pack");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/pack/sign-in", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = LocalTokenIssuer.Issue(otherKey, "lscp", "partnership-analyst", "someone", TimeSpan.FromHours(1));
        var signIn = await PackForms.SignIn(http, forged);
        Assert.Equal("/pack/sign-in?refused=1", signIn.Headers.Location!.OriginalString);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("phub-pack=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_analyst_sees_the_boards_actions_and_attendance_drawn_with_tables_equal_to_what_BoardService_answers()
    {
        var analyst = await SignIn(ChildRequests.Westminster, "partnership-analyst", "lscb.board");
        var data = (await fixture.Browser.EvaluateAsync("fetch('/pack/data').then(r => r.json())"))!;
        Assert.Equal("lscb-triborough", (string)data["board"]!["id"]!);
        Assert.Equal(["lscb-triborough"], data["boards"]!.AsArray().Select(b => (string)b!));
        var otherBoard = (await fixture.Browser.EvaluateAsync("fetch('/pack/data?board=lscb-elsewhere').then(async r => r.status + ' ' + (await r.json()).errors[0].field)"))!;
        Assert.Equal("400 board", otherBoard.GetValue<string>());
        var shown = (await fixture.Browser.EvaluateAsync("""
            ({ items: [...document.querySelectorAll('table[data-for=board-actions] tbody tr')].map(tr => ({ id: tr.dataset.item, status: tr.dataset.status,
                 overdue: tr.dataset.overdue, title: tr.querySelector('th').innerText,
                 fields: Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map(td => [td.dataset.field, td.innerText.trim()])) })),
               members: [...document.querySelectorAll('table[data-for=board-attendance] tbody tr')].map(tr => ({ member: tr.dataset.member,
                 fields: Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map(td => [td.dataset.field, td.innerText.trim()])) })) })
            """))!;

        using var channel = Hub.Channel();
        var board = new BoardService.BoardServiceClient(channel);
        var items = await board.ListItemsAsync(new ListItemsRequest { Board = BoardScenario.Board, IncludeClosed = true, PageSize = 500 }, analyst);
        var overdue = await board.ListOverdueItemsAsync(new ListOverdueItemsRequest { Board = BoardScenario.Board }, analyst);
        var attendance = await board.ListAttendanceEscalationsAsync(
            new ListAttendanceEscalationsRequest { Board = BoardScenario.Board, AsAt = $"{Fixture.LatestYear}-03-31" }, analyst);

        // Every item the board lists, in its order, with its responsible organisation, due date, status and days overdue.
        Assert.Equal(4, items.Items.Count);
        Assert.Equal(items.Items.Select(i => i.ItemId), shown["items"]!.AsArray().Select(r => (string)r!["id"]!));
        foreach (var (item, row) in items.Items.Zip(shown["items"]!.AsArray()))
        {
            var days = overdue.Items.SingleOrDefault(o => o.Item.ItemId == item.ItemId)?.DaysOverdue.ToString(CultureInfo.InvariantCulture) ?? "-";
            Assert.Equal(
                (item.Title, item.AssignedTo, item.DueDate, BoardReflection.Descriptor.EnumTypes.Single(e => e.Name == "BoardItemStatus").FindValueByNumber((int)item.Status).Name, item.Overdue ? "true" : "false", days),
                ((string)row!["title"]!, (string)row["fields"]!["assignedTo"]!, (string)row["fields"]!["dueDate"]!, (string)row["status"]!, (string)row["overdue"]!,
                 (string)row["fields"]!["daysOverdue"]!));
        }

        Assert.Equal(["met-police"], overdue.Items.Select(o => o.Item.AssignedTo));

        // Every member's attendance over the pack's year, lowest rate first, as the escalations call gives it.
        Assert.Equal((2, 1), (attendance.MeetingsCounted, attendance.MeetingsUnrecorded));
        Assert.Equal(attendance.Members.Select(m => m.Organisation), shown["members"]!.AsArray().Select(r => (string)r!["member"]!));
        foreach (var (member, row) in attendance.Members.Zip(shown["members"]!.AsArray()))
        {
            Assert.Equal(
                new Dictionary<string, string>
                {
                    ["expected"] = $"{member.Expected}",
                    ["attended"] = $"{member.Attended}",
                    ["deputised"] = $"{member.Deputised}",
                    ["apologies"] = $"{member.Apologies}",
                    ["absent"] = $"{member.Absent}",
                    ["percent"] = member.Percent.ToString("F1", CultureInfo.InvariantCulture) + "%",
                    ["escalate"] = member.Escalate ? "yes" : "no",
                },
                row!["fields"]!.AsObject().ToDictionary(f => f.Key, f => (string)f.Value!));
        }

        Assert.Equal(["nwl-icb"], attendance.Escalations.Select(e => e.Organisation));

        // Both drawn (a bar for each state of each organisation responsible; one for each member), the escalation rate marked.
        var bars = (await fixture.Browser.EvaluateAsync("""
            ['board-actions', 'board-attendance'].map(id => document.querySelectorAll(`[data-chart="${id}"] svg g[aria-label="bar"] rect`).length)
            """))!.AsArray().Select(n => (int)n!);
        Assert.Equal([4, 3], bars);
        Assert.Equal(1, (int)(await fixture.Browser.EvaluateAsync("""document.querySelectorAll('[data-chart="board-attendance"] svg g[aria-label="rule"][stroke-dasharray] line').length"""))!);

        // Audited with the page view: the view names the board, and the board's trail has both reads.
        var records = HubDatabase.Query(Hub.Database, "SELECT subject, action, outcome, detail FROM audit_record WHERE user_id = 'lscb.board' ORDER BY sequence");
        Assert.Contains(records, r => (string)r["action"]! == "datasets.pack" && ((string)r["detail"]!).EndsWith("board lscb-triborough: actions and attendance", StringComparison.Ordinal));
        Assert.Contains(records, r => (string)r["subject"]! == "board/lscb-triborough" && (string)r["action"]! == "board.pack.items" && (string)r["outcome"]! == "done");
        Assert.Contains(records, r => (string)r["subject"]! == "board/lscb-triborough" && (string)r["action"]! == "board.pack.meetings" && (string)r["outcome"]! == "done");
    }

    [Fact]
    public async Task A_sign_in_or_sign_out_posted_without_the_pages_antiforgery_token_is_refused_and_changes_nothing()
    {
        var token = LocalTokenIssuer.Issue(Hub.DataFolder, "lscp", "partnership-analyst", "lscp.forms", TimeSpan.FromHours(1));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Web) };
        static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

        // Another site's form posting a good token of this hub, without the token of a page the hub served: no session.
        var forged = await http.PostAsync("/pack/sign-in", Form(("token", token)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/pack/data")).StatusCode);

        // A page's token, but not this browser's (the anti-forgery cookie it matches is another's): refused too.
        using (var other = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Web) })
        {
            var elsewhere = await PackForms.AntiforgeryToken(other, "/pack/sign-in");
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/pack/sign-in", Form(("token", token), ("antiforgery", elsewhere)))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/pack/data")).StatusCode);
        }

        // The page's own form signs in.
        var signedIn = await PackForms.SignIn(http, token);
        Assert.Equal("/pack", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/pack/data")).StatusCode);

        // Signing out without the page's token is refused and the session stays; with it, the session ends.
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/pack/sign-out", Form())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/pack/data")).StatusCode);
        var signedOut = await http.PostAsync("/pack/sign-out", Form(("antiforgery", await PackForms.AntiforgeryToken(http, "/pack"))));
        Assert.Equal("/pack/sign-in", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/pack/data")).StatusCode);
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

        await ComparatorsEqualListComparators(data, viewer);
        return answers;
    }

    /// <summary>
    /// Each table's England and London rows (or columns): the figures <c>ListComparators</c> gives for its measures and
    /// periods, one cell per area, measure and period, and none other.
    /// </summary>
    private async Task ComparatorsEqualListComparators(JsonNode data, Grpc.Core.Metadata viewer)
    {
        using var channel = Hub.Channel();
        var held = (await new DatasetService.DatasetServiceClient(channel).ListComparatorsAsync(new ListComparatorsRequest(), viewer)).Comparators;
        var shown = (await fixture.Browser.EvaluateAsync("""
            Object.fromEntries([...document.querySelectorAll('table[data-for]')].map(t => [t.dataset.for,
              Object.fromEntries([...t.querySelectorAll('td[data-comparator]')].map(td => [
                [td.dataset.comparator, td.dataset.comparatorMeasure, td.dataset.comparatorPeriod].join('|'),
                Object.fromEntries([...td.querySelectorAll('[data-field]')].map(s => [s.dataset.field, s.textContent]))]))]))
            """))!.AsObject();
        static string One(double x) => x.ToString("F1", CultureInfo.InvariantCulture);
        var expectedAny = false;
        foreach (var table in data["tables"]!.AsArray())
        {
            var request = JsonParser.Default.Parse<GetDatasetRequest>(table!["request"]!.ToJsonString());
            var periods = request.AsAtDates.Concat(request.FinancialYears.Select(y => $"{y}-{(y + 1) % 100:00}")).ToList();
            var expected = held
                .Where(c => request.Measures.Contains(c.Measure) && periods.Contains(c.Period))
                .GroupBy(c => $"{(c.Area == ComparatorArea.England ? "england" : "london")}|{c.Measure}|{c.Period}")
                .ToDictionary(g => g.Key, g => g.ToDictionary(
                    c => c.Figure switch
                    {
                        ComparatorFigure.RatePer10000 => "ratePer10000",
                        ComparatorFigure.Percentage => "percentage",
                        ComparatorFigure.Count => "count",
                        _ => "value",
                    },
                    c => c.Figure switch
                    {
                        ComparatorFigure.RatePer10000 => One(c.Value) + " per 10,000",
                        ComparatorFigure.Percentage => One(c.Value) + "%",
                        ComparatorFigure.Count => c.Value.ToString(CultureInfo.InvariantCulture),
                        _ => One(c.Value),
                    }));
            var cells = shown[(string)table["id"]!]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.AsObject().ToDictionary(f => f.Key, f => (string)f.Value!));
            Assert.Equal(expected, cells);
            expectedAny |= expected.Count > 0;
        }

        Assert.True(expectedAny, "the fixture's comparators are shown beside some table");
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
    /// With <paramref name="board"/>, the board's two charts follow the figures'.
    /// </summary>
    private async Task ChartsDrawn(Dictionary<string, GetDatasetResponse> answers, bool exact, bool board)
    {
        var charts = (await fixture.Browser.EvaluateAsync("""
            Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(c => [c.dataset.chart, {
              svg: c.querySelectorAll('svg').length, nothing: c.querySelector('[data-nothing]') !== null,
              axes: c.querySelectorAll('svg g[aria-label$="axis tick"], svg g[aria-label$="axis tick label"]').length,
              marks: [...c.querySelectorAll('svg g[aria-label="bar"] rect, svg g[aria-label="line"]:not(.comparator) path, svg g[aria-label="dot"]:not(.comparator) circle')]
                .filter(e => { const b = e.getBBox(); return e.tagName !== 'rect' || b.height > 0; }).length }]))
            """))!.AsObject();
        Assert.Equal(board ? [.. Tables, .. BoardTables] : Tables, charts.Select(c => c.Key));
        var drawn = 0;
        foreach (var (id, chart) in charts.Where(c => Tables.Contains(c.Key)))
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
