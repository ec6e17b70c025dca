using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Abstractions.Board;

/// <summary>
/// What the board's trails say: each change of an item is recorded by its grain in the item's trail, each change of
/// the meetings in the board's, stored with the change; reads and calls that change nothing are recorded by the API.
/// </summary>
public static class BoardAudit
{
    /// <summary>The purpose named in the board's trails: scrutiny is not a child-level sharing purpose.</summary>
    public const string Purpose = "board-scrutiny";

    /// <summary>An action or recommendation created.</summary>
    public const string Create = "board.item.create";

    /// <summary>Evidence, progress or impact noted on an item.</summary>
    public const string Note = "board.item.note";

    /// <summary>An item's status changed.</summary>
    public const string Status = "board.item.status";

    /// <summary>An item's due date or owner revised.</summary>
    public const string Revise = "board.item.revise";

    /// <summary>A meeting scheduled.</summary>
    public const string Schedule = "board.meeting.schedule";

    /// <summary>A meeting's attendance recorded.</summary>
    public const string Attendance = "board.meeting.attendance";

    /// <summary>What the trail says of an item as a call left it (ids, kinds and states only).</summary>
    public static string Describe(BoardItem item) =>
        $"{item.Draft.Kind} on board {item.Draft.Board}, assigned to {item.AssignedTo}, {item.Status}, version {item.Version}";

    /// <summary>What the trail says of a meeting as a call left it (ids, dates and counts only).</summary>
    public static string Describe(BoardMeeting meeting) =>
        $"meeting {meeting.MeetingId} on {meeting.Date:yyyy-MM-dd}, version {meeting.Version}, {meeting.Attendance.Count(a => BoardAttendance.CountsAsAttending(a.Status))} of {meeting.ExpectedMembers.Count} members represented";
}

/// <summary>
/// One action or recommendation the safeguarding partnership board tracks, keyed by its id. Every change names the
/// version it was made against: a change against an older version is refused as stale, so concurrent edits never
/// overwrite each other. Re-checks the access policy on every call; a refused or failed call changes nothing.
/// </summary>
public interface IBoardItemGrain : IOutboxGrain
{
    /// <summary>Creates the item as the board agreed it: open, version 1.</summary>
    Task<CallResult<BoardItem>> Create(BoardItemDraft draft, Caller caller);

    /// <summary>The item with its notes and changes.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CallResult<BoardItem>> Get(Caller caller);

    /// <summary>Adds an evidence, progress or impact note.</summary>
    Task<CallResult<BoardItem>> AddNote(int expectedVersion, BoardNoteKind kind, string text, Caller caller);

    /// <summary>Moves the item to in progress, done or dropped.</summary>
    Task<CallResult<BoardItem>> ChangeStatus(int expectedVersion, BoardItemStatus status, string reason, Caller caller);

    /// <summary>Moves an outstanding item's due date or gives it to another organisation; null keeps what it has.</summary>
    Task<CallResult<BoardItem>> Revise(int expectedVersion, DateOnly? dueDate, string? assignedTo, string reason, Caller caller);
}

/// <summary>
/// The list of one board's actions and recommendations (keyed by the board's id), as summaries kept up to date by
/// the item grains, so listing a board asks one grain, not every item.
/// </summary>
public interface IBoardItemListGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes an item's summary; an older version than the one held is ignored.</summary>
    Task Track(BoardItemSummary item);

    /// <summary>
    /// The board's items, oldest due first: all of them for those who manage the board, or those assigned to
    /// <paramref name="assignedTo"/> for that organisation's staff.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CallResult<IReadOnlyList<BoardItemSummary>>> List(string? assignedTo, Caller caller);
}

/// <summary>
/// One board's meetings and their attendance (keyed by the board's id). Recording attendance names the meeting's
/// version, as items do.
/// </summary>
public interface IBoardMeetingsGrain : IOutboxGrain
{
    /// <summary>Schedules a meeting with the member organisations expected at it.</summary>
    Task<CallResult<BoardMeeting>> Schedule(string meetingId, DateOnly date, string title, IReadOnlyList<string> expectedMembers, Caller caller);

    /// <summary>
    /// Records (or corrects) how each expected member was represented at a meeting held by today; expected members not
    /// named are recorded absent.
    /// </summary>
    Task<CallResult<BoardMeeting>> RecordAttendance(string meetingId, int expectedVersion, IReadOnlyList<MemberAttendance> attendance, Caller caller);

    /// <summary>The board's meetings, by date.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CallResult<IReadOnlyList<BoardMeeting>>> List(Caller caller);
}
