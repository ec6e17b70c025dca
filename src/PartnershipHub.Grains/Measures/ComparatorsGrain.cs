using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Grains.Measures;

/// <summary>The persisted comparators.</summary>
public sealed class ComparatorsState
{
    /// <summary>Every figure held.</summary>
    public List<Comparator> Comparators { get; set; } = [];
}

/// <summary>
/// The partnership's England and London comparators, in the hub's store. At most
/// <see cref="Comparators.MaxHeld"/> figures of a few hundred bytes each stay below the table entity limit.
/// </summary>
public sealed class ComparatorsGrain(
    [PersistentState("comparators", StorageNames.Hub)] IPersistentState<ComparatorsState> state) : Grain, IComparatorsGrain
{
    /// <inheritdoc />
    public async Task<CallResult<IReadOnlyList<Comparator>>> Load(IReadOnlyList<Comparator> comparators)
    {
        var merged = Comparators.Merge(state.State.Comparators, comparators);
        if (merged.Count > Comparators.MaxHeld)
        {
            return CallResult<IReadOnlyList<Comparator>>.Conflict(
                $"the hub would hold {merged.Count} comparators, and holds at most {Comparators.MaxHeld}");
        }

        var before = state.State.Comparators;
        state.State.Comparators = [.. merged];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Comparators = before;
            throw;
        }

        return CallResult<IReadOnlyList<Comparator>>.Done(merged, $"{comparators.Count} loaded");
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Comparator>> All() => Task.FromResult<IReadOnlyList<Comparator>>([.. state.State.Comparators]);
}
