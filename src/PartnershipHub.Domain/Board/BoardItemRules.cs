namespace PartnershipHub.Domain.Board;

/// <summary>Why a change to a board item cannot be made.</summary>
/// <param name="Field">The request field at fault; null when the item's state, not a field, forbids the change.</param>
/// <param name="Reason">What is wrong, in words the caller can act on.</param>
public sealed record BoardRuleBreach(string? Field, string Reason);

/// <summary>An outstanding item past its due date.</summary>
/// <param name="Item">The item.</param>
/// <param name="DaysOverdue">Calendar days since the due date (1 on the day after it).</param>
public sealed record OverdueItem(BoardItemSummary Item, int DaysOverdue);

/// <summary>
/// The board's rules for actions and recommendations: how their status may move, which notes each takes, and when
/// one is overdue.
/// </summary>
public static class BoardItemRules
{
    /// <summary>
    /// The statuses an item may move to from each status. Done and dropped are final: the board agrees a new
    /// action rather than reopen one, so the record of what it accepted stands.
    /// </summary>
    private static readonly Dictionary<BoardItemStatus, BoardItemStatus[]> NextStatuses = new()
    {
        [BoardItemStatus.Open] = [BoardItemStatus.InProgress, BoardItemStatus.Done, BoardItemStatus.Dropped],
        [BoardItemStatus.InProgress] = [BoardItemStatus.Done, BoardItemStatus.Dropped],
        [BoardItemStatus.Done] = [],
        [BoardItemStatus.Dropped] = [],
    };

    /// <summary>Whether an item in <paramref name="status"/> is still to be done: open or in progress.</summary>
    public static bool IsOutstanding(BoardItemStatus status) => status is BoardItemStatus.Open or BoardItemStatus.InProgress;

    /// <summary>
    /// The notes an item takes: an action, evidence that it was carried out and progress; a recommendation,
    /// progress and the impact it has had.
    /// </summary>
    public static IReadOnlyList<BoardNoteKind> NoteKinds(BoardItemKind kind) => kind == BoardItemKind.ScrutinyAction
        ? [BoardNoteKind.Evidence, BoardNoteKind.Progress]
        : [BoardNoteKind.Progress, BoardNoteKind.Impact];

    /// <summary>
    /// Why a note of <paramref name="kind"/> cannot be added to <paramref name="item"/>, or null when it can. Notes
    /// may be added after an item is done: impact is often known only months later.
    /// </summary>
    public static BoardRuleBreach? CheckNote(BoardItem item, BoardNoteKind kind) =>
        NoteKinds(item.Draft.Kind).Contains(kind)
            ? null
            : new BoardRuleBreach("kind", $"must be {string.Join(" or ", NoteKinds(item.Draft.Kind))} for a {item.Draft.Kind}.");

    /// <summary>
    /// Why <paramref name="item"/> cannot move to <paramref name="to"/>, or null when it can. Dropping needs a
    /// reason; an item is done only once a note evidences it (evidence for an action, progress or impact for a
    /// recommendation), so the board's acceptance rests on something recorded.
    /// </summary>
    public static BoardRuleBreach? CheckStatusChange(BoardItem item, BoardItemStatus to, string reason)
    {
        if (to is not (BoardItemStatus.InProgress or BoardItemStatus.Done or BoardItemStatus.Dropped))
        {
            return new BoardRuleBreach("status", "must be IN_PROGRESS, DONE or DROPPED.");
        }

        if (!NextStatuses[item.Status].Contains(to))
        {
            return new BoardRuleBreach(null, $"an item that is {item.Status} cannot become {to}");
        }

        if (to == BoardItemStatus.Dropped && reason.Length == 0)
        {
            return new BoardRuleBreach("reason", "is required to drop an item: why the board will not pursue it.");
        }

        var evidence = item.Draft.Kind == BoardItemKind.ScrutinyAction ? [BoardNoteKind.Evidence] : NoteKinds(item.Draft.Kind);
        return to == BoardItemStatus.Done && !item.Notes.Any(n => evidence.Contains(n.Kind))
            ? new BoardRuleBreach(null, $"record {string.Join(" or ", evidence)} before marking it done")
            : null;
    }

    /// <summary>
    /// Why an item's due date or assignment cannot be revised, or null when it can: only an outstanding item is
    /// revised, and the board says why.
    /// </summary>
    public static BoardRuleBreach? CheckRevision(BoardItem item, string reason) =>
        !IsOutstanding(item.Status) ? new BoardRuleBreach(null, $"an item that is {item.Status} is not revised")
        : reason.Length == 0 ? new BoardRuleBreach("reason", "is required: why the due date or assignment changes.")
        : null;

    /// <summary>Whether an item is overdue on <paramref name="asAt"/>: still outstanding after its due date.</summary>
    public static bool IsOverdue(BoardItemSummary item, DateOnly asAt) => IsOutstanding(item.Status) && item.DueDate < asAt;

    /// <summary>
    /// The items overdue on <paramref name="asAt"/>, by organisation responsible and then the longest overdue first.
    /// </summary>
    public static IReadOnlyList<OverdueItem> Overdue(IEnumerable<BoardItemSummary> items, DateOnly asAt) =>
        [.. items
            .Where(i => IsOverdue(i, asAt))
            .Select(i => new OverdueItem(i, asAt.DayNumber - i.DueDate.DayNumber))
            .OrderBy(o => o.Item.AssignedTo, StringComparer.Ordinal)
            .ThenByDescending(o => o.DaysOverdue)
            .ThenBy(o => o.Item.ItemId, StringComparer.Ordinal)];
}
