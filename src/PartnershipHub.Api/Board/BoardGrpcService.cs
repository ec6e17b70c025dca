using Grpc.Core;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Board.V1;

namespace PartnershipHub.Api.Board;

/// <summary>
/// The safeguarding partnership board's trackers: validates each request, establishes the caller from the token and
/// calls the item, list or meetings grain, which applies the access policy. There is no child-level data here, so
/// calls are audited in the item's own trail or the board's, never in a child's: a change by the grain that stores it,
/// with the change (<see cref="BoardAudit"/>); reads and calls that change nothing (refusals too) here.
/// </summary>
public sealed class BoardGrpcService(IGrainFactory grains, AuditWriter audit, BoardReader reader)
    : V1.BoardService.BoardServiceBase
{
    private const string Purpose = BoardAudit.Purpose;

    /// <inheritdoc />
    public override async Task<V1.ItemResponse> CreateItem(V1.CreateItemRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var draft = BoardMessages.ToDraft(request, out var violations);
        FieldChecks.ThrowIfAny(violations);

        var itemId = Guid.NewGuid().ToString("N");
        var result = await Item(itemId).Create(draft!, caller);
        if (result.Status is CallStatus.NotFound or CallStatus.Denied)
        {
            // No item exists yet: a board that is not there and one the caller is no member of get the same answer.
            throw await audit.Refused(new AuditTarget(AuditSubjects.Board(draft!.Board), "board"), BoardAudit.Create, caller, Purpose, null,
                result.Status == CallStatus.Denied ? result.Reason : null, $"board {draft!.Board}: {result.Reason}");
        }

        return await ItemChanged(itemId, BoardAudit.Create, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ItemResponse> GetItem(V1.GetItemRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        CheckItemId(request.ItemId, new Violations());
        var item = await audit.Audited(new AuditTarget(AuditSubjects.BoardItem(request.ItemId), "item_id"), "board.item.read", caller, Purpose, null,
            await Item(request.ItemId).Get(caller), BoardAudit.Describe);
        return ItemAnswer(item);
    }

    /// <inheritdoc />
    public override Task<V1.ItemResponse> AddNote(V1.AddNoteRequest request, ServerCallContext context) =>
        ChangeItem(request.ItemId, request.ExpectedVersion, context, BoardAudit.Note,
            violations => (
                Kind: BoardMessages.Choice<V1.NoteKind, BoardNoteKind>(violations, "kind", request.Kind, V1.NoteKind.Evidence, V1.NoteKind.Progress, V1.NoteKind.Impact),
                Text: FieldChecks.RequiredText(violations, "text", request.Text, BoardMessages.LongText)),
            (item, note, caller) => item.AddNote(request.ExpectedVersion, note.Kind!.Value, note.Text, caller));

    /// <inheritdoc />
    public override Task<V1.ItemResponse> ChangeStatus(V1.ChangeStatusRequest request, ServerCallContext context) =>
        ChangeItem(request.ItemId, request.ExpectedVersion, context, BoardAudit.Status,
            violations => (
                Status: BoardMessages.Choice<V1.BoardItemStatus, BoardItemStatus>(violations, "status", request.Status,
                    V1.BoardItemStatus.InProgress, V1.BoardItemStatus.Done, V1.BoardItemStatus.Dropped),
                Reason: FieldChecks.OptionalText(violations, "reason", request.Reason, BoardMessages.ReasonText)),
            (item, change, caller) => item.ChangeStatus(request.ExpectedVersion, change.Status!.Value, change.Reason, caller));

    /// <inheritdoc />
    public override Task<V1.ItemResponse> ReviseItem(V1.ReviseItemRequest request, ServerCallContext context) =>
        ChangeItem(request.ItemId, request.ExpectedVersion, context, BoardAudit.Revise,
            violations =>
            {
                var due = request.DueDate.Trim().Length > 0 ? IsoDates.Required(violations, "due_date", request.DueDate) : null;
                var assignedTo = BoardMessages.OptionalOrganisation(violations, "assigned_to", request.AssignedTo);
                if (due is null && assignedTo is null && violations.IsEmpty)
                {
                    violations.Add("due_date", "or assigned_to is required: what changes.");
                }

                return (Due: due, AssignedTo: assignedTo, Reason: FieldChecks.RequiredText(violations, "reason", request.Reason, BoardMessages.ReasonText));
            },
            (item, revision, caller) => item.Revise(request.ExpectedVersion, revision.Due, revision.AssignedTo, revision.Reason, caller));

    /// <inheritdoc />
    public override async Task<V1.ListItemsResponse> ListItems(V1.ListItemsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        var kinds = BoardMessages.Kinds(violations, request.Kinds);
        var assignedTo = BoardMessages.OptionalOrganisation(violations, "assigned_to", request.AssignedTo);
        var (pageSize, position) = Paging.Check(violations, request.PageSize, request.PageToken);
        FieldChecks.ThrowIfAny(violations);

        var listed = BoardReader.Listed(await reader.Items(board, assignedTo, "board.items.list", caller), kinds, request.IncludeClosed);
        var (page, next) = Paging.Slice(listed, position, pageSize);
        var today = Today();
        var response = new V1.ListItemsResponse { TotalSize = listed.Count, NextPageToken = next };
        response.Items.AddRange(page.Select(i => BoardMessages.ToMessage(i, today)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.ListOverdueItemsResponse> ListOverdueItems(V1.ListOverdueItemsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        var asAt = request.AsAt.Trim().Length > 0 ? IsoDates.Required(violations, "as_at", request.AsAt) : Today();
        var kinds = BoardMessages.Kinds(violations, request.Kinds);
        var assignedTo = BoardMessages.OptionalOrganisation(violations, "assigned_to", request.AssignedTo);
        FieldChecks.ThrowIfAny(violations);

        var all = await reader.Items(board, assignedTo, "board.items.overdue", caller);
        return BoardReader.Overdue(all.Where(i => kinds.Contains(i.Kind)), asAt!.Value);
    }

    /// <inheritdoc />
    public override async Task<V1.MeetingResponse> ScheduleMeeting(V1.ScheduleMeetingRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        var date = IsoDates.Required(violations, "date", request.Date);
        var title = FieldChecks.RequiredLabel(violations, "title", request.Title, BoardMessages.ShortText);
        var members = FieldChecks.OrganisationCodes(violations, "expected_members", request.ExpectedMembers);
        if (members.Count == 0 || members.Distinct(StringComparer.Ordinal).Count() != members.Count)
        {
            violations.Add("expected_members", "must name 1 to 30 member organisations, each once.");
        }

        FieldChecks.ThrowIfAny(violations);

        var meetingId = Guid.NewGuid().ToString("N");
        var result = await Meetings(board).Schedule(meetingId, date!.Value, title, members, caller);
        return await MeetingChanged(board, BoardAudit.Schedule, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.MeetingResponse> RecordAttendance(V1.RecordAttendanceRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        FieldChecks.HubId(violations, "meeting_id", request.MeetingId);
        BoardMessages.ExpectedVersion(violations, request.ExpectedVersion);
        var attendance = BoardMessages.ToAttendance(violations, request.Attendance);
        FieldChecks.ThrowIfAny(violations);

        var result = await Meetings(board).RecordAttendance(request.MeetingId, request.ExpectedVersion, attendance, caller);
        return await MeetingChanged(board, BoardAudit.Attendance, caller, result);
    }

    /// <inheritdoc />
    public override async Task<V1.ListMeetingsResponse> ListMeetings(V1.ListMeetingsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        var (pageSize, position) = Paging.Check(violations, request.PageSize, request.PageToken);
        FieldChecks.ThrowIfAny(violations);

        var meetings = await reader.Meetings(board, "board.meetings.list", caller);
        var (page, next) = Paging.Slice(meetings, position, pageSize);
        var response = new V1.ListMeetingsResponse { TotalSize = meetings.Count, NextPageToken = next };
        response.Meetings.AddRange(page.Select(BoardMessages.ToMessage));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.ListAttendanceEscalationsResponse> ListAttendanceEscalations(
        V1.ListAttendanceEscalationsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        var board = BoardMessages.Board(violations, request.Board);
        var asAt = IsoDates.Required(violations, "as_at", request.AsAt);
        if (request.ThresholdPercent is < 0 or > 100)
        {
            violations.Add("threshold_percent", "must be 1 to 100, or 0 for the hub's configured rate.");
        }

        FieldChecks.ThrowIfAny(violations);

        var meetings = await reader.Meetings(board, "board.attendance.escalations", caller);
        return reader.Escalations(meetings, asAt!.Value, request.ThresholdPercent);
    }

    private IBoardItemGrain Item(string itemId) => grains.GetGrain<IBoardItemGrain>(itemId);

    private IBoardMeetingsGrain Meetings(string board) => grains.GetGrain<IBoardMeetingsGrain>(board);

    private DateOnly Today() => reader.Today();

    /// <summary>Adds the item id's check to the others and throws if anything is wrong.</summary>
    private static void CheckItemId(string itemId, Violations violations)
    {
        FieldChecks.HubId(violations, "item_id", itemId);
        FieldChecks.ThrowIfAny(violations);
    }

    /// <summary>
    /// Makes a change to an item: checks the item id, the version the change is made against and the change's own
    /// fields (all violations at once), calls the item grain and answers (the grain records a change it stored; a call
    /// that stored nothing is recorded here, in the item's trail).
    /// </summary>
    private async Task<V1.ItemResponse> ChangeItem<T>(
        string itemId, int expectedVersion, ServerCallContext context, string action,
        Func<Violations, T> check, Func<IBoardItemGrain, T, Caller, Task<CallResult<BoardItem>>> change)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        BoardMessages.ExpectedVersion(violations, expectedVersion);
        var fields = check(violations);
        CheckItemId(itemId, violations);
        return await ItemChanged(itemId, action, caller, await change(Item(itemId), fields, caller));
    }

    /// <summary>Answers a change of an item: the grain recorded one it stored; one that stored nothing is recorded in the item's trail.</summary>
    private async Task<V1.ItemResponse> ItemChanged(string itemId, string action, Caller caller, CallResult<BoardItem> result) =>
        ItemAnswer(await audit.StoredOrRecorded(new AuditTarget(AuditSubjects.BoardItem(itemId), "item_id"), action, caller, Purpose, null, result));

    private V1.ItemResponse ItemAnswer(BoardItem item) => new() { Item = BoardMessages.ToMessage(item, Today()) };

    /// <summary>Answers a change of the meetings: the grain recorded one it stored; one that stored nothing is recorded in the board's trail.</summary>
    private async Task<V1.MeetingResponse> MeetingChanged(string board, string action, Caller caller, CallResult<BoardMeeting> result) =>
        new() { Meeting = BoardMessages.ToMessage(await audit.StoredOrRecorded(new AuditTarget(AuditSubjects.Board(board), "board"), action, caller, Purpose, null, result)) };
}
