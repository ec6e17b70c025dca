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
    /// thousand children): the children since are counted from that page.
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

    /// <summary>
    /// The children this activation has put on the roster: one added again after the roster moved on to a new page
    /// (a resent registration) is not listed twice, as a page only knows its own children.
    /// </summary>
    private readonly HashSet<string> listed = new(StringComparer.Ordinal);

    /// <summary>How many children the borough has registered: the stored count and what the pages since hold.</summary>
    private int count;

    /// <summary>Creates the borough over its persisted state.</summary>
    public BoroughGrain([PersistentState("borough", StorageNames.Hub)] IPersistentState<BoroughState> state)
    {
        this.state = state;
        commit = new GroupCommit(StoreAdditions, DeactivateOnIdle);
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

    /// <summary>
    /// Stores the children added since the last store: on the last page while it has room, then on the next. The
    /// count is derived from where the pages put the children, so a crash between a page's write and ours heals on
    /// the next addition (or activation) instead of leaving a gap or a duplicate. The borough's own row is written
    /// only when the additions began a new page, so it names the page to carry on from.
    /// </summary>
    private async Task StoreAdditions()
    {
        var remaining = adding.Distinct(StringComparer.Ordinal).Where(id => !listed.Contains(id)).ToList();
        var batch = remaining.ToArray();
        adding.Clear();
        for (var pageNumber = count / PageCapacity; remaining.Count > 0; pageNumber++)
        {
            var appended = await Page(pageNumber).Append(remaining);
            count = Math.Max(count, (pageNumber * PageCapacity) + appended.Size);
            remaining.RemoveRange(0, appended.Taken);
        }

        listed.UnionWith(batch);

        if (count / PageCapacity != state.State.ChildCount / PageCapacity)
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
}
