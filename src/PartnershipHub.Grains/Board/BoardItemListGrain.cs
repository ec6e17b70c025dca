using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Board;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;

namespace PartnershipHub.Grains.Board;

/// <summary>The persisted state of a board's list of actions and recommendations.</summary>
public sealed class BoardItemListState
{
    /// <summary>Summaries by item id.</summary>
    public Dictionary<string, BoardItemSummary> Items { get; set; } = [];
}

/// <summary>
/// One board's actions and recommendations, as summaries of a few hundred bytes each: a board agreeing a hundred
/// items a year stays far below the table entity limit for decades. Notes live in the item grains.
/// </summary>
public sealed class BoardItemListGrain(
    [PersistentState("board-items", StorageNames.Hub)] IPersistentState<BoardItemListState> state,
    TimeProvider clock) : Grain, IBoardItemListGrain
{
    private string Board => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task Track(BoardItemSummary item)
    {
        // Each change reaches the list once, but a retried call may bring an older summary after a newer one.
        if (state.State.Items.TryGetValue(item.ItemId, out var held) && held.Version >= item.Version)
        {
            return;
        }

        state.State.Items[item.ItemId] = item;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (held is null)
            {
                state.State.Items.Remove(item.ItemId);
            }
            else
            {
                state.State.Items[item.ItemId] = held;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<CallResult<IReadOnlyList<BoardItemSummary>>> List(string? assignedTo, Caller caller)
    {
        if (await BoardContext.Load(GrainFactory, Board, clock) is not { } context)
        {
            return BoardContext.NoBoard<IReadOnlyList<BoardItemSummary>>();
        }

        var access = assignedTo is null
            ? AccessPolicy.CanManageBoard(caller, Board, context.Agreements, context.Today)
            : AccessPolicy.CanReportOnBoardItem(caller, Board, assignedTo, context.Agreements, context.Today);
        if (!access.Allowed)
        {
            return CallResult<IReadOnlyList<BoardItemSummary>>.Denied(access.Reason);
        }

        return CallResult<IReadOnlyList<BoardItemSummary>>.Done(
            [.. state.State.Items.Values
                .Where(i => assignedTo is null || i.AssignedTo == assignedTo)
                .OrderBy(i => i.DueDate)
                .ThenBy(i => i.ItemId, StringComparer.Ordinal)],
            access.Reason);
    }
}
