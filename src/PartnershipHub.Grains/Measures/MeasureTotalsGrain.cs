using Orleans.Concurrency;
using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Measures;

/// <summary>The persisted totals of one borough for one period.</summary>
public sealed class MeasureTotalsState
{
    /// <summary>Cell entry (<see cref="MeasureCell.Entry"/>) to count; zeros left out.</summary>
    public Dictionary<string, long> Totals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Collector key to the sequence number of the last changes from it that the totals hold.</summary>
    public Dictionary<string, long> Collectors { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A borough's totals for one period. Collectors' batches are added in memory as they arrive and stored together
/// (<see cref="GroupCommit"/>). Its state holds the cells and one number per collector, so a write costs the same
/// however many children have contributed.
/// </summary>
[Reentrant]
public sealed class MeasureTotalsGrain : Grain, IMeasureTotalsGrain
{
    private readonly IPersistentState<MeasureTotalsState> state;
    private readonly GroupCommit commit;

    /// <summary>Creates the shard over its persisted state.</summary>
    public MeasureTotalsGrain([PersistentState("totals", StorageNames.Hub)] IPersistentState<MeasureTotalsState> state)
    {
        this.state = state;
        commit = new GroupCommit(state.WriteStateAsync, DeactivateOnIdle);
    }

    /// <inheritdoc />
    public Task Apply(string collector, IReadOnlyList<NumberedChanges> changes)
    {
        var last = state.State.Collectors.GetValueOrDefault(collector);
        foreach (var change in changes.Where(c => c.Sequence > last).OrderBy(c => c.Sequence))
        {
            Contributions.AddInto(state.State.Totals, change.Cells);
            last = change.Sequence;
        }

        state.State.Collectors[collector] = last;

        // Changes had before may sit in a write still under way: these too return only after the next write.
        return commit.Next();
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> Totals() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(state.State.Totals, StringComparer.Ordinal));
}
