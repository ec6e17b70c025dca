using System.Collections.Concurrent;

namespace PartnershipHub.Abstractions;

/// <summary>
/// Ids the hub has just made up for new grains (random GUIDs, e.g. a child being registered), so that no state can be
/// stored under them yet: when such a grain activates on this silo, the table store does not read its row (one
/// request less for every new child). Only a hint, and a safe one: were a row there after all, the grain's first
/// write (an insert, as for any state read as absent) would fail as a concurrency conflict rather than overwrite it.
/// An id is held only while the call given it runs (<see cref="WithNewId"/>), so only that call's activation can skip
/// the read: one on another silo of a cluster reads as usual and, once the call has returned, so does any later
/// activation here (after that silo died, say). At most <see cref="Capacity"/> are held (beyond that they are
/// forgotten, which only costs their reads).
/// </summary>
public sealed class NewGrainIds
{
    /// <summary>The most ids held at once.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes a new id (32 hexadecimal digits) and runs <paramref name="call"/> with it (e.g. the new child's
    /// registration), holding the id as having no stored state until the call returns.
    /// </summary>
    /// <returns>The id and the call's result.</returns>
    public async Task<(string Id, T Result)> WithNewId<T>(Func<string, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var id = Guid.NewGuid().ToString("N");
        if (ids.Count >= Capacity)
        {
            ids.Clear();
        }

        ids.TryAdd(id, 0);
        try
        {
            return (id, await call(id));
        }
        finally
        {
            ids.TryRemove(id, out _);
        }
    }

    /// <summary>Whether the grain keyed <paramref name="grainKey"/> was named by a call of <see cref="WithNewId"/> still running, and not read since; forgets it.</summary>
    public bool Take(string grainKey) => ids.TryRemove(grainKey, out _);
}
