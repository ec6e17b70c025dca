using Grpc.Core;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Board.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Board;

/// <summary>The safeguarding partnership board's trackers, against the real hub on Azurite.</summary>
[Collection(HubCollection.Name)]
public sealed class BoardTests(HubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    private BoardService.BoardServiceClient Client() => new(Hub.Channel());

    private Metadata Analyst => Hub.As(ChildRequests.Westminster, "partnership-analyst", "board-analyst");

    [Fact]
    public async Task The_police_report_evidence_on_their_overdue_action_and_the_board_signs_it_off()
    {
        var board = Client();
        var police = BoardScenario.NewAgency();
        var responder = Hub.As(police, "agency-responder", "dc-smith");
        var late = await board.CreateItemAsync(BoardScenario.Action(police, SharedServices.Day(-10), "Police to attend initial strategy discussions"), Analyst);
        await board.CreateItemAsync(BoardScenario.Action(police, SharedServices.Day(20), "Not yet due"), Analyst);
        Assert.Equal((BoardItemStatus.Open, 1, true), (late.Item.Status, late.Item.Version, late.Item.Overdue));

        // The police list their own actions, and see which are overdue and by how long.
        var overdue = await board.ListOverdueItemsAsync(new ListOverdueItemsRequest { Board = BoardScenario.Board, AssignedTo = police }, responder);
        Assert.Equal([(late.Item.ItemId, 10)], overdue.Items.Select(o => (o.Item.ItemId, o.DaysOverdue)));
        Assert.Equal((police, 1, 10), (overdue.Organisations.Single().Organisation, overdue.Organisations.Single().Overdue, overdue.Organisations.Single().MostDaysOverdue));

        var started = (await board.ChangeStatusAsync(new ChangeStatusRequest
        {
            ItemId = late.Item.ItemId,
            ExpectedVersion = 1,
            Status = BoardItemStatus.InProgress,
        }, responder)).Item;
        var evidenced = (await board.AddNoteAsync(new AddNoteRequest
        {
            ItemId = late.Item.ItemId,
            ExpectedVersion = started.Version,
            Kind = NoteKind.Evidence,
            Text = "CAIT on the rota for every strategy discussion since 1 November",
        }, responder)).Item;
        Assert.Equal(("dc-smith", police, 3), (evidenced.Notes.Single().By.UserId, evidenced.Notes.Single().By.Organisation, evidenced.Version));

        // The police cannot sign their own action off; the board does, on the evidence.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.ChangeStatusAsync(new ChangeStatusRequest
        {
            ItemId = late.Item.ItemId,
            ExpectedVersion = 3,
            Status = BoardItemStatus.Done,
        }, responder).ResponseAsync);
        var done = (await board.ChangeStatusAsync(new ChangeStatusRequest
        {
            ItemId = late.Item.ItemId,
            ExpectedVersion = 3,
            Status = BoardItemStatus.Done,
            Reason = "Evidence accepted at the October board",
        }, Analyst)).Item;
        Assert.Equal((BoardItemStatus.Done, false), (done.Status, done.Overdue));
        Assert.Equal([BoardItemStatus.Open, BoardItemStatus.InProgress, BoardItemStatus.Done], done.Changes.Select(c => c.Status));

        // The item stored each change's record with it; the API recorded only the refusal.
        Assert.Equal(
            [("board.item.create", "done"), ("board.item.status", "done"), ("board.item.note", "done"), ("board.item.status", "denied"), ("board.item.status", "done")],
            HubDatabase.Trail(Hub.Database, "board-item/" + late.Item.ItemId));

        var after = await board.ListOverdueItemsAsync(new ListOverdueItemsRequest { Board = BoardScenario.Board, AssignedTo = police }, Analyst);
        Assert.Empty(after.Items);
        var all = await board.ListItemsAsync(new ListItemsRequest { Board = BoardScenario.Board, AssignedTo = police, IncludeClosed = true }, responder);
        Assert.Equal(2, all.TotalSize);
        var open = await board.ListItemsAsync(new ListItemsRequest { Board = BoardScenario.Board, AssignedTo = police }, responder);
        Assert.Equal(["Not yet due"], open.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task A_change_made_against_an_older_version_is_aborted_and_changes_nothing()
    {
        var board = Client();
        var agency = BoardScenario.NewAgency();
        var item = (await board.CreateItemAsync(BoardScenario.Action(agency, SharedServices.Day(5), "Audit of neglect cases"), Analyst)).Item;
        var first = Hub.As(agency, "agency-responder", "first");
        var second = Hub.As(agency, "agency-responder", "second");

        await board.AddNoteAsync(new AddNoteRequest { ItemId = item.ItemId, ExpectedVersion = 1, Kind = NoteKind.Progress, Text = "Sample chosen" }, first);
        var error = await RpcAssert.Fails(StatusCode.Aborted, () => board.AddNoteAsync(
            new AddNoteRequest { ItemId = item.ItemId, ExpectedVersion = 1, Kind = NoteKind.Progress, Text = "Sample chosen too" }, second).ResponseAsync);
        Assert.Contains("version 2", error.Status.Detail, StringComparison.Ordinal);

        var stored = (await board.GetItemAsync(new GetItemRequest { ItemId = item.ItemId }, Analyst)).Item;
        Assert.Equal((2, "first"), (stored.Version, stored.Notes.Single().By.UserId));
    }

    [Fact]
    public async Task Other_organisations_and_other_partnerships_are_refused()
    {
        var board = Client();
        var agency = BoardScenario.NewAgency();
        var item = (await board.CreateItemAsync(BoardScenario.Action(agency, SharedServices.Day(5), "Health visitors' referrals"), Analyst)).Item;
        var otherAgency = Hub.As(BoardScenario.NewAgency(), "agency-responder");

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.GetItemAsync(new GetItemRequest { ItemId = item.ItemId }, otherAgency).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.AddNoteAsync(
            new AddNoteRequest { ItemId = item.ItemId, ExpectedVersion = 1, Kind = NoteKind.Evidence, Text = "not ours" }, otherAgency).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.ListItemsAsync(
            new ListItemsRequest { Board = BoardScenario.Board, AssignedTo = agency }, otherAgency).ResponseAsync);

        // Only those who manage the board list all of it or create items: not a social worker, not Ealing's analyst
        // (Ealing is not in the tri-borough partnership).
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.ListItemsAsync(
            new ListItemsRequest { Board = BoardScenario.Board }, Hub.SocialWorker(ChildRequests.Westminster)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.CreateItemAsync(
            BoardScenario.Action(agency, SharedServices.Day(5), "x"), Hub.As(SharedServices.Ealing, "partnership-analyst")).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.ListAttendanceEscalationsAsync(
            new ListAttendanceEscalationsRequest { Board = BoardScenario.Board, AsAt = SharedServices.Day(0) }, Hub.As(agency, "agency-responder")).ResponseAsync);

        var unchanged = (await board.GetItemAsync(new GetItemRequest { ItemId = item.ItemId }, Hub.As(agency, "agency-responder"))).Item;
        Assert.Equal((1, 0), (unchanged.Version, unchanged.Notes.Count));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_an_unknown_board_or_item_is_not_found()
    {
        var board = Client();
        var agency = BoardScenario.NewAgency();
        var bad = BoardScenario.Action(agency, "31/12/2026", "Bad date");
        await RpcAssert.InvalidField("due_date", () => board.CreateItemAsync(bad, Analyst).ResponseAsync);
        await RpcAssert.InvalidField("kind", () => board.CreateItemAsync(new CreateItemRequest(BoardScenario.Action(agency, SharedServices.Day(1), "t")) { Kind = BoardItemKind.Unspecified }, Analyst).ResponseAsync);
        await RpcAssert.InvalidField("assigned_to", () => board.CreateItemAsync(BoardScenario.Action("not an org!", SharedServices.Day(1), "t"), Analyst).ResponseAsync);
        await RpcAssert.InvalidField("board", () => board.CreateItemAsync(new CreateItemRequest(BoardScenario.Action(agency, SharedServices.Day(1), "t")) { Board = "LSCB Tri" }, Analyst).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.CreateItemAsync(
            new CreateItemRequest(BoardScenario.Action(agency, SharedServices.Day(1), "t")) { Board = "mash-triborough" }, Analyst).ResponseAsync);

        var item = (await board.CreateItemAsync(BoardScenario.Action(agency, SharedServices.Day(1), "Valid"), Analyst)).Item;
        await RpcAssert.InvalidField("expected_version", () => board.AddNoteAsync(
            new AddNoteRequest { ItemId = item.ItemId, Kind = NoteKind.Evidence, Text = "x" }, Analyst).ResponseAsync);
        await RpcAssert.InvalidField("kind", () => board.AddNoteAsync(
            new AddNoteRequest { ItemId = item.ItemId, ExpectedVersion = 1, Kind = NoteKind.Impact, Text = "impact is for recommendations" }, Analyst).ResponseAsync);
        await RpcAssert.InvalidField("reason", () => board.ChangeStatusAsync(
            new ChangeStatusRequest { ItemId = item.ItemId, ExpectedVersion = 1, Status = BoardItemStatus.Dropped }, Analyst).ResponseAsync);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => board.ChangeStatusAsync(
            new ChangeStatusRequest { ItemId = item.ItemId, ExpectedVersion = 1, Status = BoardItemStatus.Done }, Analyst).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => board.GetItemAsync(new GetItemRequest { ItemId = Guid.NewGuid().ToString("N") }, Analyst).ResponseAsync);
        await RpcAssert.InvalidField("threshold_percent", () => board.ListAttendanceEscalationsAsync(
            new ListAttendanceEscalationsRequest { Board = BoardScenario.Board, AsAt = SharedServices.Day(0), ThresholdPercent = 101 }, Analyst).ResponseAsync);

        var unchanged = (await board.GetItemAsync(new GetItemRequest { ItemId = item.ItemId }, Analyst)).Item;
        Assert.Equal((1, BoardItemStatus.Open), (unchanged.Version, unchanged.Status));
    }

    [Fact]
    public async Task A_recommendation_of_a_practice_review_carries_progress_and_impact_notes_and_can_be_given_more_time()
    {
        var board = Client();
        var agency = BoardScenario.NewAgency();
        var request = BoardScenario.Action(agency, SharedServices.Day(-3), "Escalation policy to be relaunched");
        request.Kind = BoardItemKind.CaseReviewRecommendation;
        request.Source = "CSPR Child T, recommendation 3";
        var item = (await board.CreateItemAsync(request, Analyst)).Item;

        var revised = (await board.ReviseItemAsync(new ReviseItemRequest
        {
            ItemId = item.ItemId,
            ExpectedVersion = 1,
            DueDate = SharedServices.Day(30),
            Reason = "Relaunch moved to the spring conference",
        }, Analyst)).Item;
        Assert.Equal((SharedServices.Day(30), false, agency), (revised.DueDate, revised.Overdue, revised.AssignedTo));
        var impact = (await board.AddNoteAsync(new AddNoteRequest
        {
            ItemId = item.ItemId,
            ExpectedVersion = 2,
            Kind = NoteKind.Impact,
            Text = "Escalations up from 2 to 9 a quarter",
        }, Hub.As(agency, "agency-responder"))).Item;
        Assert.Equal(NoteKind.Impact, impact.Notes.Single().Kind);

        var plan = await board.ListItemsAsync(new ListItemsRequest
        {
            Board = BoardScenario.Board,
            AssignedTo = agency,
            Kinds = { BoardItemKind.CaseReviewRecommendation, BoardItemKind.AuditRecommendation },
        }, Analyst);
        Assert.Equal([(item.ItemId, 3, 1)], plan.Items.Select(i => (i.ItemId, i.Version, i.NoteCount)));
        var actions = await board.ListItemsAsync(new ListItemsRequest { Board = BoardScenario.Board, AssignedTo = agency, Kinds = { BoardItemKind.ScrutinyAction } }, Analyst);
        Assert.Empty(actions.Items);
    }

    [Fact]
    public async Task Members_represented_at_fewer_than_the_threshold_of_meetings_in_the_last_12_months_are_escalated()
    {
        var board = Client();
        var (police, health, school) = (BoardScenario.NewAgency(), BoardScenario.NewAgency(), BoardScenario.NewAgency());
        string[] members = [police, health, school];

        // Four meetings this year, one 13 months ago (outside the window) and one next month (not yet held).
        await BoardScenario.Meeting(board, Analyst, SharedServices.Day(-400), members, (health, AttendanceStatus.Attended));
        await BoardScenario.Meeting(board, Analyst, SharedServices.Day(-300), members,
            (police, AttendanceStatus.Attended), (health, AttendanceStatus.Apologies), (school, AttendanceStatus.Attended));
        await BoardScenario.Meeting(board, Analyst, SharedServices.Day(-200), members,
            (police, AttendanceStatus.SentDeputy), (health, AttendanceStatus.Apologies), (school, AttendanceStatus.Attended));
        await BoardScenario.Meeting(board, Analyst, SharedServices.Day(-100), members,
            (police, AttendanceStatus.Attended), (health, AttendanceStatus.Attended));
        await BoardScenario.Meeting(board, Analyst, SharedServices.Day(-10), members,
            (police, AttendanceStatus.Apologies), (school, AttendanceStatus.SentDeputy));
        var future = (await board.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Board = BoardScenario.Board,
            Date = SharedServices.Day(30),
            Title = "Next board",
            ExpectedMembers = { members },
        }, Analyst)).Meeting;
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => board.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Board = BoardScenario.Board,
            MeetingId = future.MeetingId,
            ExpectedVersion = 1,
        }, Analyst).ResponseAsync);

        var answer = await board.ListAttendanceEscalationsAsync(
            new ListAttendanceEscalationsRequest { Board = BoardScenario.Board, AsAt = SharedServices.Day(0) }, Analyst);
        Assert.Equal(75, answer.ThresholdPercent);
        var ours = answer.Members.Where(m => members.Contains(m.Organisation)).ToDictionary(m => m.Organisation);

        // Police 3 of 4 (a deputy counts): not escalated at exactly 75 %. Health 1 of 4 (apologies do not count). School 3 of 4.
        Assert.Equal((4, 3, 75.0, false), (ours[police].Expected, ours[police].Attended + ours[police].Deputised, ours[police].Percent, ours[police].Escalate));
        Assert.Equal((4, 1, 2, 25.0, true), (ours[health].Expected, ours[health].Attended, ours[health].Apologies, ours[health].Percent, ours[health].Escalate));
        Assert.False(ours[school].Escalate);
        Assert.Equal([health], answer.Escalations.Select(e => e.Organisation).Where(members.Contains));

        var stricter = await board.ListAttendanceEscalationsAsync(
            new ListAttendanceEscalationsRequest { Board = BoardScenario.Board, AsAt = SharedServices.Day(0), ThresholdPercent = 80 }, Analyst);
        // The lowest rate first; police and school tie at 75 % and come by code.
        Assert.Equal([health, .. new[] { police, school }.Order(StringComparer.Ordinal)],
            stricter.Escalations.Select(e => e.Organisation).Where(members.Contains));

        // The command line prints the same as a table.
        var text = await BoardCommands.Board(board, "attendance", "escalations",
            new Arguments(["--board", BoardScenario.Board, "--as-at", SharedServices.Day(0)]), Analyst);
        Assert.Contains($"{health}", text, StringComparison.Ordinal);
        Assert.Matches($@"{health}\s+4\s+1\s+0\s+2\s+1\s+25\.0 %\s+yes", text);
    }
}
