using PartnershipHub.Domain.Access;

namespace PartnershipHub.Domain.Board;

/// <summary>What the safeguarding partnership board tracks (domain.md section 5).</summary>
public enum BoardItemKind
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>An action arising from the board's scrutiny of multi-agency data, for a borough or agency to carry out.</summary>
    ScrutinyAction = 1,

    /// <summary>A recommendation of a serious case review or child safeguarding practice review, in the overarching action plan.</summary>
    CaseReviewRecommendation = 2,

    /// <summary>A recommendation of a multi-agency (themed) audit, in the overarching action plan.</summary>
    AuditRecommendation = 3,
}

/// <summary>Where an action or recommendation stands.</summary>
public enum BoardItemStatus
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Agreed by the board; work has not started.</summary>
    Open = 1,

    /// <summary>The assigned organisation is working on it.</summary>
    InProgress = 2,

    /// <summary>The board accepted it as done, on the evidence recorded.</summary>
    Done = 3,

    /// <summary>The board decided not to pursue it, and said why.</summary>
    Dropped = 4,
}

/// <summary>What a note on an action or recommendation records.</summary>
public enum BoardNoteKind
{
    /// <summary>Not stated.</summary>
    None = 0,

    /// <summary>Evidence that an action was carried out (a revised procedure, a training record, an audit sample).</summary>
    Evidence = 1,

    /// <summary>Progress towards carrying it out.</summary>
    Progress = 2,

    /// <summary>The difference it has made for children, often known only months after it was done.</summary>
    Impact = 3,
}

/// <summary>A note on an action or recommendation: evidence, progress or impact.</summary>
/// <param name="Kind">What it records.</param>
/// <param name="Text">The note.</param>
/// <param name="By">Who wrote it, and when.</param>
public sealed record BoardNote(BoardNoteKind Kind, string Text, RecordedBy By);

/// <summary>One change to an item: its status, due date or assignment, with why.</summary>
/// <param name="Status">The status from this change on.</param>
/// <param name="DueDate">The due date from this change on.</param>
/// <param name="AssignedTo">The organisation responsible from this change on.</param>
/// <param name="Reason">Why, in the words of the person making it; empty when none was needed.</param>
/// <param name="By">Who made the change, and when.</param>
public sealed record BoardItemChange(BoardItemStatus Status, DateOnly DueDate, string AssignedTo, string Reason, RecordedBy By);

/// <summary>What the board agreed when it created an action or recommendation.</summary>
/// <param name="Board">The board: the id of its safeguarding partnership agreement, e.g. <c>lscb-triborough</c>.</param>
/// <param name="Kind">A scrutiny action or a recommendation.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="Detail">What is to be done, in full.</param>
/// <param name="Source">Where it came from: the data scrutinised, or the review or audit that recommended it.</param>
/// <param name="AssignedTo">The borough or agency responsible (its organisation code).</param>
/// <param name="DueDate">When it should be done.</param>
public sealed record BoardItemDraft(
    string Board, BoardItemKind Kind, string Title, string Detail, string Source, string AssignedTo, DateOnly DueDate);

/// <summary>
/// An action or recommendation the board tracks, as it stands: each change makes a new <see cref="Version"/>, and
/// a change made against an older version is refused so that two people cannot overwrite each other.
/// </summary>
/// <param name="ItemId">The hub's id for it.</param>
/// <param name="Draft">What the board agreed.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="DueDate">When it should be done now (it may have been moved since it was agreed).</param>
/// <param name="AssignedTo">The organisation responsible now.</param>
/// <param name="Version">1 when created, one more at each change.</param>
/// <param name="Notes">Evidence, progress and impact notes, oldest first.</param>
/// <param name="Changes">Its changes of status, due date and assignment, the creation first.</param>
public sealed record BoardItem(
    string ItemId,
    BoardItemDraft Draft,
    BoardItemStatus Status,
    DateOnly DueDate,
    string AssignedTo,
    int Version,
    IReadOnlyList<BoardNote> Notes,
    IReadOnlyList<BoardItemChange> Changes)
{
    /// <summary>A newly agreed item: open, version 1.</summary>
    public static BoardItem Create(string itemId, BoardItemDraft draft, RecordedBy by) =>
        new(itemId, draft, BoardItemStatus.Open, draft.DueDate, draft.AssignedTo, 1, [],
            [new BoardItemChange(BoardItemStatus.Open, draft.DueDate, draft.AssignedTo, string.Empty, by)]);

    /// <summary>Who created it, and when.</summary>
    public RecordedBy Created => Changes[0].By;

    /// <summary>What a list of items shows of it.</summary>
    public BoardItemSummary Summary() =>
        new(ItemId, Draft.Board, Draft.Kind, Draft.Title, AssignedTo, DueDate, Status, Version, Notes.Count,
            Notes.Count > 0 && Notes[^1].By.At > Changes[^1].By.At ? Notes[^1].By.At : Changes[^1].By.At);

    /// <summary>The item with a note added.</summary>
    public BoardItem WithNote(BoardNote note) => this with { Version = Version + 1, Notes = [.. Notes, note] };

    /// <summary>The item after a change of status, due date or assignment.</summary>
    public BoardItem With(BoardItemChange change) => this with
    {
        Status = change.Status,
        DueDate = change.DueDate,
        AssignedTo = change.AssignedTo,
        Version = Version + 1,
        Changes = [.. Changes, change],
    };
}

/// <summary>What a list of actions or recommendations shows of each.</summary>
/// <param name="ItemId">The hub's id for it.</param>
/// <param name="Board">The board that agreed it.</param>
/// <param name="Kind">A scrutiny action or a recommendation.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="AssignedTo">The organisation responsible.</param>
/// <param name="DueDate">When it should be done.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Version">Its version, to send back with a change.</param>
/// <param name="NoteCount">How many evidence, progress and impact notes it has.</param>
/// <param name="LastActivityAt">When it was last changed or had a note added.</param>
public sealed record BoardItemSummary(
    string ItemId,
    string Board,
    BoardItemKind Kind,
    string Title,
    string AssignedTo,
    DateOnly DueDate,
    BoardItemStatus Status,
    int Version,
    int NoteCount,
    DateTimeOffset LastActivityAt);
