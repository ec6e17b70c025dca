using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Grains.Board;

/// <summary>The persisted state of one board action or recommendation.</summary>
public sealed class BoardItemState
{
    /// <summary>The item, once created.</summary>
    public BoardItem? Item { get; set; }
}

/// <summary>
/// One action or recommendation of the board, with its notes and changes. Applies the access policy and the board's
/// rules on every call, refuses a change made against an older version, and keeps the board's list up to date.
/// </summary>
public sealed class BoardItemGrain(
    [PersistentState("board-item", StorageNames.Hub)] IPersistentState<BoardItemState> state,
    TimeProvider clock) : Grain, IBoardItemGrain
{
    private const string NoItem = "no board action or recommendation has this id";

    /// <inheritdoc />
    public async Task<CallResult<BoardItem>> Create(BoardItemDraft draft, Caller caller)
    {
        if (state.State.Item is not null)
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
        await Save(item);
        return CallResult<BoardItem>.Done(item, access.Reason);
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
        Change(expectedVersion, caller,
            (item, context) => AccessPolicy.CanReportOnBoardItem(caller, item.Draft.Board, item.AssignedTo, context.Agreements, context.Today),
            item => BoardItemRules.CheckNote(item, kind),
            item => item.WithNote(new BoardNote(kind, text, BoardContext.Stamp(caller, clock))));

    /// <inheritdoc />
    public Task<CallResult<BoardItem>> ChangeStatus(int expectedVersion, BoardItemStatus status, string reason, Caller caller) =>
        Change(expectedVersion, caller,
            (item, context) => AccessPolicy.CanChangeBoardItemStatus(caller, item.Draft.Board, item.AssignedTo, status, context.Agreements, context.Today),
            item => BoardItemRules.CheckStatusChange(item, status, reason),
            item => item.With(new BoardItemChange(status, item.DueDate, item.AssignedTo, reason, BoardContext.Stamp(caller, clock))));

    /// <inheritdoc />
    public Task<CallResult<BoardItem>> Revise(int expectedVersion, DateOnly? dueDate, string? assignedTo, string reason, Caller caller) =>
        Change(expectedVersion, caller,
            (item, context) => AccessPolicy.CanManageBoard(caller, item.Draft.Board, context.Agreements, context.Today),
            item => BoardItemRules.CheckRevision(item, reason),
            item => item.With(new BoardItemChange(item.Status, dueDate ?? item.DueDate, assignedTo ?? item.AssignedTo, reason, BoardContext.Stamp(caller, clock))));

    /// <summary>
    /// Makes one change: the caller must be allowed (refused before anything else is said about the item), the
    /// version must be the stored one, and the board's rules must allow it.
    /// </summary>
    private async Task<CallResult<BoardItem>> Change(
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

        var changed = apply(item);
        await Save(changed);
        return CallResult<BoardItem>.Done(changed, decision.Reason);
    }

    private async Task<(BoardItem? Item, BoardContext? Context)> Load() =>
        state.State.Item is { } item ? (item, await BoardContext.Load(GrainFactory, item.Draft.Board, clock)) : (null, null);

    private static CallResult<BoardItem> Missing(BoardItem? item) =>
        item is null ? CallResult<BoardItem>.NotFound("item_id", NoItem) : BoardContext.NoBoard<BoardItem>();

    /// <summary>Stores the item (memory never runs ahead of storage), then refreshes the board's list.</summary>
    private async Task Save(BoardItem item)
    {
        var before = state.State.Item;
        state.State.Item = item;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Item = before;
            throw;
        }

        await GrainFactory.GetGrain<IBoardItemListGrain>(item.Draft.Board).Track(item.Summary());
    }
}
