using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Audit;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Grains.Audit;
using PartnershipHub.Grains.Children;

namespace PartnershipHub.Grains.Board;

/// <summary>The persisted state of one board action or recommendation: the item and its outbox.</summary>
public sealed class BoardItemState : IFollowUpState
{
    /// <summary>The item, once created.</summary>
    public BoardItem? Item { get; set; }

    /// <inheritdoc />
    public List<FollowUp> FollowUps { get; set; } = [];

    /// <inheritdoc />
    public long LastFollowUp { get; set; }
}

/// <summary>The item as its board's list is to show it (the list keeps the latest version).</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Item">The item's summary.</param>
public sealed record BoardItemListFollowUp(long Id, BoardItemSummary Item) : FollowUp(Id);

/// <summary>
/// One action or recommendation of the board, with its notes and changes. Applies the access policy and the board's
/// rules on every call and refuses a change made against an older version. Each change is stored with its audit record
/// for the item's trail and the item's summary for the board's list in one write, delivered at least once by its
/// outbox (<see cref="Outbox{TState}"/>).
/// </summary>
public sealed class BoardItemGrain(
    [PersistentState("board-item", StorageNames.Hub)] IPersistentState<BoardItemState> state,
    TimeProvider clock) : OutboxGrain<BoardItemState>(state), IBoardItemGrain
{
    private const string NoItem = "no board action or recommendation has this id";

    /// <inheritdoc />
    public async Task<CallResult<BoardItem>> Create(BoardItemDraft draft, Caller caller)
    {
        if (State.State.Item is not null)
        {
            return CallResult<BoardItem>.Conflict("an item with this id exists already");
        }

        if (await BoardContext.Load(GrainFactory, draft.Board, clock) is not { } context)
        {
            return BoardContext.NoBoard<BoardItem>();
        }

        var access = AccessPolicy.CanManageBoard(caller, draft.Board, context.Agreements, context.Today);
        if (!access.Allowed)
        {
            return CallResult<BoardItem>.Denied(access.Reason);
        }

        var item = BoardItem.Create(this.GetPrimaryKeyString(), draft, BoardContext.Stamp(caller, clock));
        return await Save(item, BoardAudit.Create, caller, access.Reason);
    }

    /// <inheritdoc />
    public async Task<CallResult<BoardItem>> Get(Caller caller)
    {
        var (item, context) = await Load();
        if (item is null || context is null)
        {
            return Missing(item);
        }

        var access = AccessPolicy.CanReportOnBoardItem(caller, item.Draft.Board, item.AssignedTo, context.Agreements, context.Today);
        return access.Allowed ? CallResult<BoardItem>.Done(item, access.Reason) : CallResult<BoardItem>.Denied(access.Reason);
    }

    /// <inheritdoc />
    public Task<CallResult<BoardItem>> AddNote(int expectedVersion, BoardNoteKind kind, string text, Caller caller) =>
        Change(BoardAudit.Note, expectedVersion, caller,
            (item, context) => AccessPolicy.CanReportOnBoardItem(caller, item.Draft.Board, item.AssignedTo, context.Agreements, context.Today),
            item => BoardItemRules.CheckNote(item, kind),
            item => item.WithNote(new BoardNote(kind, text, BoardContext.Stamp(caller, clock))));

    /// <inheritdoc />
    public Task<CallResult<BoardItem>> ChangeStatus(int expectedVersion, BoardItemStatus status, string reason, Caller caller) =>
        Change(BoardAudit.Status, expectedVersion, caller,
            (item, context) => AccessPolicy.CanChangeBoardItemStatus(caller, item.Draft.Board, item.AssignedTo, status, context.Agreements, context.Today),
            item => BoardItemRules.CheckStatusChange(item, status, reason),
            item => item.With(new BoardItemChange(status, item.DueDate, item.AssignedTo, reason, BoardContext.Stamp(caller, clock))));

    /// <inheritdoc />
    public Task<CallResult<BoardItem>> Revise(int expectedVersion, DateOnly? dueDate, string? assignedTo, string reason, Caller caller) =>
        Change(BoardAudit.Revise, expectedVersion, caller,
            (item, context) => AccessPolicy.CanManageBoard(caller, item.Draft.Board, context.Agreements, context.Today),
            item => BoardItemRules.CheckRevision(item, reason),
            item => item.With(new BoardItemChange(item.Status, dueDate ?? item.DueDate, assignedTo ?? item.AssignedTo, reason, BoardContext.Stamp(caller, clock))));

    /// <summary>
    /// Makes one change: the caller must be allowed (refused before anything else is said about the item), the
    /// version must be the stored one, and the board's rules must allow it. Recorded in the item's trail as <paramref name="action"/>.
    /// </summary>
    private async Task<CallResult<BoardItem>> Change(
        string action,
        int expectedVersion,
        Caller caller,
        Func<BoardItem, BoardContext, AccessDecision> access,
        Func<BoardItem, BoardRuleBreach?> check,
        Func<BoardItem, BoardItem> apply)
    {
        var (item, context) = await Load();
        if (item is null || context is null)
        {
            return Missing(item);
        }

        var decision = access(item, context);
        if (!decision.Allowed)
        {
            return CallResult<BoardItem>.Denied(decision.Reason);
        }

        if (item.Version != expectedVersion)
        {
            return CallResult<BoardItem>.Stale($"the item is at version {item.Version}, not {expectedVersion}; read it again");
        }

        if (check(item) is { } breach)
        {
            return BoardContext.Refusal<BoardItem>(breach);
        }

        return await Save(apply(item), action, caller, decision.Reason);
    }

    private async Task<(BoardItem? Item, BoardContext? Context)> Load() =>
        State.State.Item is { } item ? (item, await BoardContext.Load(GrainFactory, item.Draft.Board, clock)) : (null, null);

    private string Subject => AuditSubjects.BoardItem(this.GetPrimaryKeyString());

    private static CallResult<BoardItem> Missing(BoardItem? item) =>
        item is null ? CallResult<BoardItem>.NotFound("item_id", NoItem) : BoardContext.NoBoard<BoardItem>();

    /// <summary>
    /// Stores the item with its audit record (<paramref name="action"/>, done, the item as left and
    /// <paramref name="reason"/>) and its summary for the board's list in one write, then delivers them; memory never
    /// runs ahead of storage.
    /// </summary>
    private async Task<CallResult<BoardItem>> Save(BoardItem item, string action, Caller caller, string reason)
    {
        var before = State.State.Item;
        State.State.Item = item;
        var entry = new AuditEntry(action, caller.Organisation, caller.Role, caller.UserId, BoardAudit.Purpose, null, "done",
            $"{BoardAudit.Describe(item)}; {reason}", clock.GetUtcNow());
        await Outbox.Store(
            [id => new AuditFollowUp(id, entry, Subject), id => new BoardItemListFollowUp(id, item.Summary())],
            () => State.State.Item = before);
        return CallResult<BoardItem>.Done(item, reason);
    }

    /// <summary>Delivers follow-ups of one kind: the item's trail takes each record once; the board's list keeps the latest summary.</summary>
    /// <inheritdoc />
    protected override Task DeliverKind(IReadOnlyList<FollowUp> followUps) => followUps[^1] switch
    {
        AuditFollowUp => AuditFollowUps.Deliver(GrainFactory, Subject, followUps),
        BoardItemListFollowUp latest => GrainFactory.GetGrain<IBoardItemListGrain>(latest.Item.Board).Track(latest.Item),
        _ => throw new InvalidOperationException($"No delivery for {followUps[0].GetType().Name}."),
    };
}
