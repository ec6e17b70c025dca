using System.Globalization;
using Grpc.Core;
using PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Cli;

/// <summary>
/// The <c>phub board</c> commands: the board's actions, its action plan of recommendations, its meetings and the
/// attendance escalations. Each builds one request, makes one call and writes the answer as readable text.
/// </summary>
public static class BoardCommands
{
    /// <summary>Runs <c>phub board AREA VERB</c> and returns what to print.</summary>
    public static async Task<string> Board(BoardService.BoardServiceClient client, string area, string verb, Arguments a, Metadata headers) => area switch
    {
        "actions" => await Items(client, [BoardItemKind.ScrutinyAction], verb, a, headers),
        "plan" => await Items(client, [BoardItemKind.CaseReviewRecommendation, BoardItemKind.AuditRecommendation], verb, a, headers),
        "meetings" => await Meetings(client, verb, a, headers),
        "attendance" when verb == "escalations" => Escalations(await client.ListAttendanceEscalationsAsync(new ListAttendanceEscalationsRequest
        {
            Board = a.Required("board"),
            AsAt = a.Required("as-at"),
            ThresholdPercent = a.Option("threshold") is null ? 0 : a.Number("threshold"),
        }, headers)),
        _ => throw new UsageException($"Unknown command 'board {area} {verb}'."),
    };

    /// <summary>The commands on actions (one kind) or on the action plan (case-review and audit recommendations).</summary>
    private static async Task<string> Items(BoardService.BoardServiceClient client, BoardItemKind[] kinds, string verb, Arguments a, Metadata headers) => verb switch
    {
        "add" => Show((await client.CreateItemAsync(new CreateItemRequest
        {
            Board = a.Required("board"),
            Kind = kinds.Length == 1 ? kinds[0] : a.Required("kind") switch
            {
                "case-review" => BoardItemKind.CaseReviewRecommendation,
                "audit" => BoardItemKind.AuditRecommendation,
                _ => throw new UsageException("--kind must be case-review or audit."),
            },
            Title = a.Required("title"),
            Detail = a.Option("detail", string.Empty)!,
            Source = a.Required("source"),
            AssignedTo = a.Required("assigned-to"),
            DueDate = a.Required("due"),
        }, headers)).Item),
        "show" => Show((await client.GetItemAsync(new GetItemRequest { ItemId = a.FirstWord("item id: phub board actions show ITEM_ID") }, headers)).Item),
        "list" => List(await client.ListItemsAsync(new ListItemsRequest
        {
            Board = a.Required("board"),
            Kinds = { kinds },
            AssignedTo = a.Option("assigned-to", string.Empty)!,
            IncludeClosed = a.Option("all") == "yes",
            PageSize = a.Option("page-size") is null ? 500 : a.Number("page-size"),
            PageToken = a.Option("page-token", string.Empty)!,
        }, headers)),
        "overdue" => Overdue(await client.ListOverdueItemsAsync(new ListOverdueItemsRequest
        {
            Board = a.Required("board"),
            AsAt = a.Option("as-at", string.Empty)!,
            Kinds = { kinds },
            AssignedTo = a.Option("assigned-to", string.Empty)!,
        }, headers)),
        "evidence" or "progress" or "impact" => Show((await client.AddNoteAsync(new AddNoteRequest
        {
            ItemId = a.Required("item"),
            ExpectedVersion = a.Number("version"),
            Kind = Arguments.Parse<NoteKind>("kind", verb),
            Text = a.Required("text"),
        }, headers)).Item),
        "status" => Show((await client.ChangeStatusAsync(new ChangeStatusRequest
        {
            ItemId = a.Required("item"),
            ExpectedVersion = a.Number("version"),
            Status = a.Choice<BoardItemStatus>("status"),
            Reason = a.Option("reason", string.Empty)!,
        }, headers)).Item),
        "revise" => Show((await client.ReviseItemAsync(new ReviseItemRequest
        {
            ItemId = a.Required("item"),
            ExpectedVersion = a.Number("version"),
            DueDate = a.Option("due", string.Empty)!,
            AssignedTo = a.Option("assigned-to", string.Empty)!,
            Reason = a.Required("reason"),
        }, headers)).Item),
        _ => throw new UsageException($"Unknown board item command '{verb}'."),
    };

    private static async Task<string> Meetings(BoardService.BoardServiceClient client, string verb, Arguments a, Metadata headers) => verb switch
    {
        "add" => Show((await client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Board = a.Required("board"),
            Date = a.Required("date"),
            Title = a.Required("title"),
            ExpectedMembers = { a.All("member") },
        }, headers)).Meeting),
        "attend" => Show((await client.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Board = a.Required("board"),
            MeetingId = a.Required("meeting"),
            ExpectedVersion = a.Number("version"),
            Attendance =
            {
                new[] { ("attended", AttendanceStatus.Attended), ("deputy", AttendanceStatus.SentDeputy), ("apologies", AttendanceStatus.Apologies), ("absent", AttendanceStatus.Absent) }
                    .SelectMany(option => a.All(option.Item1).Select(org => new MemberAttendance { Organisation = org, Status = option.Item2 })),
            },
        }, headers)).Meeting),
        "list" => MeetingList(await client.ListMeetingsAsync(new ListMeetingsRequest { Board = a.Required("board"), PageSize = 500 }, headers)),
        _ => throw new UsageException($"Unknown command 'board meetings {verb}'."),
    };

    private static string Show(Item item)
    {
        var lines = new List<string>
        {
            $"{Words(item.Kind)} {item.ItemId} (version {item.Version}): {item.Title}",
            $"  board {item.Board}; assigned to {item.AssignedTo}; due {item.DueDate}; {Words(item.Status)}{(item.Overdue ? ", OVERDUE" : string.Empty)}",
            $"  source: {item.Source}",
        };
        if (item.Detail.Length > 0)
        {
            lines.Add($"  detail: {item.Detail}");
        }

        lines.Add(string.Empty);
        lines.Add("Notes:");
        lines.Add(TextTable.Write(["WHEN", "NOTE", "BY", "TEXT"],
            item.Notes.Select(n => (IReadOnlyList<string>)[When(n.By), Words(n.Kind), Who(n.By), n.Text])));
        lines.Add(string.Empty);
        lines.Add("History:");
        lines.Add(TextTable.Write(["WHEN", "STATUS", "DUE", "ASSIGNED TO", "BY", "REASON"],
            item.Changes.Select(c => (IReadOnlyList<string>)[When(c.By), Words(c.Status), c.DueDate, c.AssignedTo, Who(c.By), c.Reason])));
        return string.Join(Environment.NewLine, lines);
    }

    private static string List(ListItemsResponse list)
    {
        var table = TextTable.Write(["ITEM", "VER", "KIND", "ASSIGNED TO", "DUE", "STATUS", "NOTES", "TITLE"],
            list.Items.Select(i => (IReadOnlyList<string>)[i.ItemId, Number(i.Version), Words(i.Kind), i.AssignedTo, i.DueDate,
                Words(i.Status) + (i.Overdue ? " (overdue)" : string.Empty), Number(i.NoteCount), i.Title]));
        return list.NextPageToken.Length == 0
            ? table
            : $"{table}{Environment.NewLine}{list.Items.Count} of {list.TotalSize}; next page: --page-token {list.NextPageToken}";
    }

    private static string Overdue(ListOverdueItemsResponse overdue) => string.Join(Environment.NewLine,
        $"Overdue on {overdue.AsAt}:",
        TextTable.Write(["ORGANISATION", "OVERDUE", "MOST DAYS"],
            overdue.Organisations.Select(o => (IReadOnlyList<string>)[o.Organisation, Number(o.Overdue), Number(o.MostDaysOverdue)])),
        string.Empty,
        TextTable.Write(["ASSIGNED TO", "DAYS", "DUE", "STATUS", "ITEM", "VER", "TITLE"],
            overdue.Items.Select(o => (IReadOnlyList<string>)[o.Item.AssignedTo, Number(o.DaysOverdue), o.Item.DueDate, Words(o.Item.Status),
                o.Item.ItemId, Number(o.Item.Version), o.Item.Title])));

    private static string Show(Meeting meeting) => string.Join(Environment.NewLine,
        $"Meeting {meeting.MeetingId} (version {meeting.Version}): {meeting.Title}, {meeting.Date}, board {meeting.Board}",
        TextTable.Write(["MEMBER", "ATTENDANCE"], meeting.ExpectedMembers.Select(m => (IReadOnlyList<string>)[m,
            meeting.Attendance.FirstOrDefault(x => x.Organisation == m) is { } x ? Words(x.Status) : "not recorded"])));

    private static string MeetingList(ListMeetingsResponse list) =>
        TextTable.Write(["DATE", "MEETING", "VER", "REPRESENTED", "TITLE"], list.Meetings.Select(m => (IReadOnlyList<string>)[
            m.Date, m.MeetingId, Number(m.Version),
            m.Attendance.Count == 0
                ? "not recorded"
                : $"{m.Attendance.Count(x => Domain.Board.BoardAttendance.CountsAsAttending((Domain.Board.AttendanceStatus)x.Status))} of {m.ExpectedMembers.Count}",
            m.Title]));

    private static string Escalations(ListAttendanceEscalationsResponse answer) => string.Join(Environment.NewLine,
        $"Attendance from {answer.WindowStart} to {answer.AsAt}: {answer.MeetingsCounted} meetings counted, {answer.MeetingsUnrecorded} not yet recorded.",
        "Attending means attended or sent a deputy; apologies do not count.",
        TextTable.Write(["MEMBER", "EXPECTED", "ATTENDED", "DEPUTY", "APOLOGIES", "ABSENT", "RATE", "ESCALATE"],
            answer.Members.Select(m => (IReadOnlyList<string>)[m.Organisation, Number(m.Expected), Number(m.Attended), Number(m.Deputised),
                Number(m.Apologies), Number(m.Absent), m.Percent.ToString("0.0", CultureInfo.InvariantCulture) + " %", m.Escalate ? "yes" : string.Empty])),
        string.Empty,
        answer.Escalations.Count == 0
            ? $"No member is below {answer.ThresholdPercent} %."
            : $"Below {answer.ThresholdPercent} %, to escalate: {string.Join(", ", answer.Escalations.Select(e => e.Organisation))}.");

    private static string Words<T>(T value)
        where T : struct, Enum => Arguments.Kebab(value.ToString());

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string When(Contracts.Common.V1.RecordedBy by) => by.At.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Who(Contracts.Common.V1.RecordedBy by) => $"{by.UserId} ({by.Organisation})";
}
