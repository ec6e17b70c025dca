using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Abstractions.Board;

/// <summary>
/// One action or recommendation the safeguarding partnership board tracks, keyed by its id. Every change names the
/// version it was made against: a change against an older version is refused as stale, so concurrent edits never
/// overwrite each other. Re-checks the access policy on every call; a refused or failed call changes nothing.
/// </summary>
public interface IBoardItemGrain : IGrainWithStringKey
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
public interface IBoardMeetingsGrain : IGrainWithStringKey
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
