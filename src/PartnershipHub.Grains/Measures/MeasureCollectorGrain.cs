using Orleans.Concurrency;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Measures;

/// <summary>The persisted state of a collector.</summary>
public sealed class MeasureCollectorState
{
    /// <summary>Child id to the sequence number of the last of its changes taken.</summary>
    public Dictionary<string, long> Children { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The number of the last batch made for a shard.</summary>
    public long LastBatch { get; set; }

    /// <summary>Batches stored here and not yet known to have reached their shard, oldest first.</summary>
    public List<ShardBatch> Outbox { get; set; } = [];
}

/// <summary>Changes for one shard of the totals, numbered by the collector.</summary>
/// <param name="Shard">The shard (<see cref="MeasureCell.Shard"/>).</param>
/// <param name="Changes">The batch's number and its changes (cell entry to amount).</param>
public sealed record ShardBatch(string Shard, NumberedChanges Changes);

/// <summary>
/// Takes children's changes, stores them as batches per shard together with each child's last sequence number, then
/// passes the batches on. A batch still open (not yet in a store under way) takes more changes for its shard; once
/// stored it is never changed, so a shard that had it once recognises it by its number. The batches and the
/// children's numbers are stored together in one write (<see cref="GroupCommit"/>) before any batch leaves, so
/// after a failure anywhere every change is either in the totals once or still here to go again.
/// </summary>
[Reentrant]
public sealed class MeasureCollectorGrain : Grain, IMeasureCollectorGrain
{
    private readonly IPersistentState<MeasureCollectorState> state;
    private readonly GroupCommit commit;
    private readonly Dictionary<string, Dictionary<string, long>> open = new(StringComparer.Ordinal);

    /// <summary>Creates the collector over its persisted state.</summary>
    public MeasureCollectorGrain([PersistentState("measure-collector", StorageNames.Hub)] IPersistentState<MeasureCollectorState> state)
    {
        this.state = state;
        commit = new GroupCommit(StoreAndPassOn, DeactivateOnIdle);
    }

    /// <inheritdoc />
    public Task Apply(string childId, IReadOnlyList<NumberedChanges> changes)
    {
        var last = state.State.Children.GetValueOrDefault(childId);
        foreach (var change in changes.Where(c => c.Sequence > last).OrderBy(c => c.Sequence))
        {
            foreach (var (key, amount) in change.Cells)
            {
                var cell = MeasureCell.Parse(key);
                Contributions.AddInto(OpenBatch(cell.Shard), [new(cell.Entry, amount)]);
            }

            last = change.Sequence;
        }

        state.State.Children[childId] = last;

        // Changes taken before may not have reached their shards yet: these too return only after the next round.
        return commit.Next();
    }

    /// <inheritdoc />
    public Task Settle() => commit.Next();

    /// <summary>The batch for <paramref name="shard"/> that is still open, made when there is none.</summary>
    private Dictionary<string, long> OpenBatch(string shard)
    {
        if (!open.TryGetValue(shard, out var cells))
        {
            cells = new Dictionary<string, long>(StringComparer.Ordinal);
            state.State.Outbox.Add(new ShardBatch(shard, new NumberedChanges(++state.State.LastBatch, cells)));
            open[shard] = cells;
        }

        return cells;
    }

    /// <summary>Stores what memory holds, closing the open batches, then passes every stored batch on.</summary>
    private async Task StoreAndPassOn()
    {
        open.Clear();
        var stored = state.State.LastBatch;
        await state.WriteStateAsync();

        var waiting = state.State.Outbox.Where(b => b.Changes.Sequence <= stored).ToList();
        await Task.WhenAll(waiting.GroupBy(b => b.Shard).Select(shard => GrainFactory.GetGrain<IMeasureTotalsGrain>(shard.Key)
            .Apply(this.GetPrimaryKeyString(), [.. shard.Select(b => b.Changes)])));

        // Forgotten in memory only; the next store forgets them for good, and until then a new activation sends
        // them again, which their shards recognise.
        var sent = waiting.ToHashSet();
        state.State.Outbox.RemoveAll(sent.Contains);
    }
}
