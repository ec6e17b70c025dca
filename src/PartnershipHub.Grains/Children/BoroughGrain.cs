using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Domain.Access;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted state of a borough grain.</summary>
public sealed class BoroughState
{
    /// <summary>How many children the borough has registered.</summary>
    public int ChildCount { get; set; }
}

/// <summary>A borough: keeps the list of children it is responsible for, split over roster pages.</summary>
public sealed class BoroughGrain(
    [PersistentState("borough", StorageNames.Hub)] IPersistentState<BoroughState> state) : Grain, IBoroughGrain
{
    /// <summary>Children per roster page: small enough that a page's stored state stays far below the entity limit.</summary>
    internal const int PageCapacity = 1000;

    /// <inheritdoc />
    public async Task AddChild(string childId)
    {
        // The count is derived from where the page put the child, so a crash between the page's write and
        // ours heals on the next addition instead of leaving a gap or a duplicate.
        var pageNumber = state.State.ChildCount / PageCapacity;
        var position = await Page(pageNumber).Append(childId);
        if (position < 0)
        {
            pageNumber++;
            position = await Page(pageNumber).Append(childId);
        }

        var count = Math.Max(state.State.ChildCount, (pageNumber * PageCapacity) + position + 1);
        if (count != state.State.ChildCount)
        {
            var before = state.State.ChildCount;
            state.State.ChildCount = count;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.ChildCount = before;
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async Task<BoroughChildrenPage?> ListChildren(Caller caller, int startIndex, int pageSize)
    {
        if (!AccessPolicy.CanListBoroughChildren(caller, this.GetPrimaryKeyString()).Allowed)
        {
            return null;
        }

        var total = state.State.ChildCount;
        var ids = new List<string>(Math.Min(pageSize, Math.Max(0, total - startIndex)));
        var index = startIndex;
        while (ids.Count < pageSize && index < total)
        {
            var offset = index % PageCapacity;
            var take = Math.Min(pageSize - ids.Count, PageCapacity - offset);
            var read = await Page(index / PageCapacity).Read(offset, take);
            ids.AddRange(read);
            index += take;
            if (read.Count < take)
            {
                break;
            }
        }

        return new BoroughChildrenPage(ids, index < total ? index : null, total);
    }

    private IBoroughRosterPageGrain Page(int number) =>
        GrainFactory.GetGrain<IBoroughRosterPageGrain>(BoroughRoster.PageKey(this.GetPrimaryKeyString(), number));
}

/// <summary>The persisted state of a roster page.</summary>
public sealed class BoroughRosterPageState
{
    /// <summary>Hub child ids, in the order they were added.</summary>
    public List<string> ChildIds { get; set; } = [];
}

/// <summary>One slice of a borough's children list.</summary>
public sealed class BoroughRosterPageGrain(
    [PersistentState("roster", StorageNames.Hub)] IPersistentState<BoroughRosterPageState> state)
    : Grain, IBoroughRosterPageGrain
{
    /// <inheritdoc />
    public async Task<int> Append(string childId)
    {
        var existing = state.State.ChildIds.IndexOf(childId);
        if (existing >= 0)
        {
            return existing;
        }

        if (state.State.ChildIds.Count >= BoroughGrain.PageCapacity)
        {
            return -1;
        }

        state.State.ChildIds.Add(childId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the child's next delivery adds it again.
            state.State.ChildIds.RemoveAt(state.State.ChildIds.Count - 1);
            throw;
        }

        return state.State.ChildIds.Count - 1;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> Read(int offset, int count) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.ChildIds.Skip(offset).Take(count).ToList());
}
