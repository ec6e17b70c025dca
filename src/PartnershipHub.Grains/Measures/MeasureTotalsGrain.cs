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

    /// <summary>The ids of the latest deliveries applied, oldest first, to recognise one sent again.</summary>
    public List<string> RecentDeliveries { get; set; } = [];
}

/// <summary>
/// A borough's totals for one period. When many children change at once (a bulk sync), their changes are applied
/// in memory as they arrive and stored together: each call returns when a write that includes its changes has
/// succeeded, so a caller told "done" is never lost, and one write serves every change that arrived meanwhile.
/// </summary>
[Reentrant]
public sealed class MeasureTotalsGrain(
    [PersistentState("totals", StorageNames.Hub)] IPersistentState<MeasureTotalsState> state) : Grain, IMeasureTotalsGrain
{
    /// <summary>
    /// How many delivery ids are remembered. A child resends a delivery only when it did not hear the answer to the
    /// first, which it retries at its next change or at the recomputation check; ids older than this many
    /// deliveries to the shard would be counted twice, which the recomputation check would show.
    /// </summary>
    internal const int RememberedDeliveries = 10_000;

    private HashSet<string>? recent;
    private TaskCompletionSource? nextWrite;
    private bool writing;

    /// <inheritdoc />
    public Task Apply(string deliveryId, IReadOnlyDictionary<string, long> changes)
    {
        recent ??= new HashSet<string>(state.State.RecentDeliveries, StringComparer.Ordinal);
        if (recent.Add(deliveryId))
        {
            Contributions.AddInto(state.State.Totals, changes);
            state.State.RecentDeliveries.Add(deliveryId);
            if (state.State.RecentDeliveries.Count > RememberedDeliveries)
            {
                var forgotten = state.State.RecentDeliveries.Count - RememberedDeliveries;
                recent.ExceptWith(state.State.RecentDeliveries.Take(forgotten));
                state.State.RecentDeliveries.RemoveRange(0, forgotten);
            }
        }

        // A delivery seen before may sit in a write still under way: it too returns only after the next write.
        var write = nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!writing)
        {
            _ = WriteWhileChanged();
        }

        return write.Task;
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> Totals() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(state.State.Totals, StringComparer.Ordinal));

    /// <summary>Stores the state until no change waits; each write answers the calls whose changes it holds.</summary>
    private async Task WriteWhileChanged()
    {
        writing = true;
        try
        {
            while (nextWrite is { } batch)
            {
                nextWrite = null;
                try
                {
                    await state.WriteStateAsync();
                    batch.SetResult();
                }
                catch (Exception e)
                {
                    // Memory now holds changes storage may not: start again from storage. The callers hear of the
                    // failure and send their changes again.
                    batch.SetException(e);
                    nextWrite?.SetException(e);
                    nextWrite = null;
                    DeactivateOnIdle();
                    return;
                }
            }
        }
        finally
        {
            writing = false;
        }
    }
}
