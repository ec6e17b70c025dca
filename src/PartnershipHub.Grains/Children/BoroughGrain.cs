using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Children;
using Orleans.Concurrency;
using PartnershipHub.Domain.Access;
using PartnershipHub.Grains.Measures;

namespace PartnershipHub.Grains.Children;

/// <summary>The persisted state of a borough grain.</summary>
public sealed class BoroughState
{
    /// <summary>
    /// How many children the borough had registered when its last roster page was begun (stored only then, once a
    /// thousand children, or when removals took the roster back below it): the children since are counted from that page.
    /// </summary>
    public int ChildCount { get; set; }
}

/// <summary>
/// A borough: keeps the list of children it is responsible for, split over roster pages. Reentrant so that the
/// children registered at the same time (a sync batch registers dozens at once) are added in one store of the page
/// (<see cref="GroupCommit"/>), not one after another with a page rewritten for each. The borough's own row is written
/// only when a page fills up and the next one begins; the count between is what the last page holds.
/// </summary>
[Reentrant]
public sealed class BoroughGrain : Grain, IBoroughGrain
{
    /// <summary>Children per roster page: small enough that a page's stored state stays far below the entity limit.</summary>
    internal const int PageCapacity = 1000;

    private readonly IPersistentState<BoroughState> state;
    private readonly GroupCommit commit;
    private readonly List<string> adding = [];
    private readonly List<(string ChildId, int Keep, TaskCompletionSource<int> Removed)> removing = [];

    /// <summary>
    /// The children on the roster, read from its pages when this activation first changes it: a child added again
    /// (a registration's follow-up resent after a restart, whatever page the roster has reached since) is not listed
    /// twice, as a page only knows its own children.
    /// </summary>
    private HashSet<string>? listed;

    /// <summary>How many children the borough has registered: the stored count and what the pages since hold.</summary>
    private int count;

    /// <summary>Creates the borough over its persisted state.</summary>
    public BoroughGrain([PersistentState("borough", StorageNames.Hub)] IPersistentState<BoroughState> state)
    {
        this.state = state;
        commit = new GroupCommit(StoreChanges, DeactivateOnIdle);
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        count = state.State.ChildCount;
        for (var pageNumber = count / PageCapacity; ; pageNumber++)
        {
            var size = await Page(pageNumber).Size();
            count = Math.Max(count, (pageNumber * PageCapacity) + size);
            if (size < PageCapacity)
            {
                break;
            }
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task AddChild(string childId)
    {
        adding.Add(childId);
        return commit.Next();
    }

    /// <inheritdoc />
    public async Task<int> RemoveListings(string childId, int keep)
    {
        var removed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        removing.Add((childId, keep, removed));
        await commit.Next();
        return await removed.Task;
    }

    /// <summary>The additions and removals since the last store, one after the other.</summary>
    private async Task StoreChanges()
    {
        var onRoster = listed ??= await ReadListed();
        await StoreAdditions(onRoster);
        var removals = removing.ToList();
        removing.Clear();
        foreach (var (childId, keep, removed) in removals)
        {
            removed.TrySetResult(await StoreRemoval(childId, keep, onRoster));
        }
    }

    /// <summary>Every child on the roster's pages (up to the last, which activation found from the count).</summary>
    private async Task<HashSet<string>> ReadListed()
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, (count / PageCapacity) + 1).Select(page => Page(page).Read(0, PageCapacity)));
        return pages.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Stores the children added since the last store: on the last page while it has room, then on the next. The
    /// count is derived from where the pages put the children, so a crash between a page's write and ours heals on
    /// the next addition (or activation) instead of leaving a gap or a duplicate.
    /// </summary>
    private async Task StoreAdditions(HashSet<string> onRoster)
    {
        var remaining = adding.Distinct(StringComparer.Ordinal).Where(id => !onRoster.Contains(id)).ToList();
        var batch = remaining.ToArray();
        adding.Clear();
        for (var pageNumber = count / PageCapacity; remaining.Count > 0; pageNumber++)
        {
            var appended = await Page(pageNumber).Append(remaining);
            count = Math.Max(count, (pageNumber * PageCapacity) + appended.Size);
            remaining.RemoveRange(0, appended.Taken);
        }

        onRoster.UnionWith(batch);
        await StoreCount();
    }

    /// <summary>
    /// Takes the child's listings after the first <paramref name="keep"/> off, last first: the roster's last child
    /// moves into each place freed and the last page loses its last entry. A crash in between leaves the last child
    /// listed twice, which the next check finds and mends.
    /// </summary>
    private async Task<int> StoreRemoval(string childId, int keep, HashSet<string> onRoster)
    {
        // The count is what the pages hold (full but the last), as for additions: a page may be ahead of the count.
        var (total, positions) = (0, new List<int>());
        for (var page = 0; ; page++)
        {
            var ids = await Page(page).Read(0, int.MaxValue);
            positions.AddRange(ids.Select((id, offset) => (id, offset)).Where(e => e.id == childId).Select(e => total + e.offset));
            total += ids.Count;
            if (ids.Count < PageCapacity)
            {
                break;
            }
        }

        var removed = positions.Skip(keep).Reverse().ToList();
        foreach (var position in removed)
        {
            var last = total - 1;
            if (position != last)
            {
                var lastChild = (await Page(last / PageCapacity).Read(last % PageCapacity, 1))[0];
                await Page(position / PageCapacity).Replace(position % PageCapacity, lastChild);
            }

            await Page(last / PageCapacity).Truncate(last % PageCapacity);
            total = last;
        }

        if (keep == 0 && removed.Count > 0)
        {
            onRoster.Remove(childId);
        }

        count = total;
        await StoreCount();
        return removed.Count;
    }

    /// <summary>
    /// Writes the borough's own row when the count has moved to another page, or below what the row says (after
    /// removals): the row names the page to carry on from, and activation counts the children from there.
    /// </summary>
    private async Task StoreCount()
    {
        if (count / PageCapacity != state.State.ChildCount / PageCapacity || count < state.State.ChildCount)
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

        var total = count;
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
    public async Task<RosterAppend> Append(IReadOnlyList<string> childIds)
    {
        var ids = state.State.ChildIds;
        var (count, taken) = (ids.Count, 0);
        foreach (var childId in childIds)
        {
            if (!ids.Contains(childId))
            {
                if (ids.Count >= BoroughGrain.PageCapacity)
                {
                    break;
                }

                ids.Add(childId);
            }

            taken++;
        }

        if (ids.Count != count)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                ids.RemoveRange(count, ids.Count - count);
                throw;
            }
        }

        return new RosterAppend(taken, ids.Count);
    }

    /// <inheritdoc />
    public Task<int> Size() => Task.FromResult(state.State.ChildIds.Count);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> Read(int offset, int count) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.ChildIds.Skip(offset).Take(count).ToList());

    /// <inheritdoc />
    public async Task Replace(int offset, string childId)
    {
        var before = state.State.ChildIds[offset];
        state.State.ChildIds[offset] = childId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.ChildIds[offset] = before;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task Truncate(int size)
    {
        var ids = state.State.ChildIds;
        if (ids.Count <= size)
        {
            return;
        }

        var cut = ids[size..];
        ids.RemoveRange(size, ids.Count - size);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            ids.AddRange(cut);
            throw;
        }
    }
}
