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
    private readonly List<(string ChildId, bool MayBeListed)> adding = [];
    private readonly List<(string ChildId, int Keep, TaskCompletionSource<int> Removed)> removing = [];

    /// <summary>
    /// The pages each child may be listed on (a child is a key while it is listed), for the children on the pages from
    /// <see cref="readFrom"/> on and every child this activation listed. Pages are read into it only when a child may be
    /// listed already (a follow-up sent again) or a listing is taken off, so a first addition reads no page.
    /// </summary>
    private readonly Dictionary<string, List<int>> listings = new(StringComparer.Ordinal);

    /// <summary>The first page whose children are all in <see cref="listings"/>; the pages before it have not been read.</summary>
    private int readFrom;

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

        // The pages after those holding children are empty: known without reading them.
        readFrom = (count + PageCapacity - 1) / PageCapacity;
        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task AddChild(string childId, bool mayBeListed)
    {
        adding.Add((childId, mayBeListed));
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
        await StoreAdditions();
        var removals = removing.ToList();
        removing.Clear();
        foreach (var (childId, keep, removed) in removals)
        {
            removed.TrySetResult(await StoreRemoval(childId, keep));
        }
    }

    /// <summary>
    /// Stores the children added since the last store that are not listed yet: on the last page while it has room,
    /// then on the next. A child that may be listed already is first looked for on the pages, from the last back. The
    /// count is derived from where the pages put the children, so a crash between a page's write and ours heals on the
    /// next addition (or activation) instead of leaving a gap or a duplicate.
    /// </summary>
    private async Task StoreAdditions()
    {
        var batch = adding.GroupBy(a => a.ChildId, StringComparer.Ordinal).Select(a => (ChildId: a.Key, MayBeListed: a.Any(b => b.MayBeListed))).ToList();
        adding.Clear();
        var sought = batch.Where(a => a.MayBeListed).Select(a => a.ChildId).ToList();
        await ReadBack(() => sought.All(listings.ContainsKey));
        var remaining = batch.Select(a => a.ChildId).Where(id => !listings.ContainsKey(id)).ToList();
        for (var pageNumber = count / PageCapacity; remaining.Count > 0; pageNumber++)
        {
            var appended = await Page(pageNumber).Append(remaining);
            foreach (var childId in remaining.Take(appended.Taken))
            {
                Listed(childId, pageNumber);
            }

            count = Math.Max(count, (pageNumber * PageCapacity) + appended.Size);
            remaining.RemoveRange(0, appended.Taken);
        }

        await StoreCount();
    }

    /// <summary>
    /// Reads the pages not read yet, from the last back, until <paramref name="enough"/> (or the first page is read):
    /// one page, then two, then four, as a child added again is almost always one added lately, near the end.
    /// </summary>
    private async Task ReadBack(Func<bool> enough)
    {
        for (var width = 1; readFrom > 0 && !enough(); width *= 2)
        {
            var first = Math.Max(0, readFrom - width);
            var pages = await Task.WhenAll(Enumerable.Range(first, readFrom - first).Select(page => Page(page).Read(0, PageCapacity)));
            for (var page = first; page < readFrom; page++)
            {
                foreach (var childId in pages[page - first])
                {
                    Listed(childId, page);
                }
            }

            readFrom = first;
        }
    }

    /// <summary>Notes that <paramref name="childId"/> is listed on <paramref name="page"/>.</summary>
    private void Listed(string childId, int page)
    {
        if (!listings.TryGetValue(childId, out var pages))
        {
            listings[childId] = [page];
        }
        else if (!pages.Contains(page))
        {
            pages.Add(page);
        }
    }

    /// <summary>
    /// Takes the child's listings after the first <paramref name="keep"/> off, last first: the roster's last child
    /// moves into each place freed and the last page loses its last entry. A crash in between leaves the last child
    /// listed twice, which the next check finds and mends. Only the pages the child is listed on are searched, once
    /// every page has been read into <see cref="listings"/> (once an activation).
    /// </summary>
    private async Task<int> StoreRemoval(string childId, int keep)
    {
        await ReadBack(() => false);
        var positions = new List<int>();
        foreach (var page in listings.GetValueOrDefault(childId, []).Order())
        {
            var ids = await Page(page).Read(0, PageCapacity);
            positions.AddRange(ids.Select((id, offset) => (id, offset)).Where(e => e.id == childId).Select(e => (page * PageCapacity) + e.offset));
        }

        var removed = positions.Skip(keep).Reverse().ToList();
        foreach (var position in removed)
        {
            var last = count - 1;
            if (position != last)
            {
                var lastChild = (await Page(last / PageCapacity).Read(last % PageCapacity, 1))[0];
                await Page(position / PageCapacity).Replace(position % PageCapacity, lastChild);
                Listed(lastChild, position / PageCapacity);
            }

            await Page(last / PageCapacity).Truncate(last % PageCapacity);
            count = last;
        }

        if (Math.Min(positions.Count, keep) == 0)
        {
            listings.Remove(childId);
        }

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
