using System.Collections.Concurrent;

namespace PartnershipHub.Abstractions;

/// <summary>
/// Ids the hub has just made up for new grains (random GUIDs, e.g. a child being registered), so that no state can be
/// stored under them yet: when such a grain activates on this silo, the table store does not read its row (one
/// request less for every new child). Only a hint, and a safe one: were a row there after all, the grain's first
/// write (an insert, as for any state read as absent) would fail as a concurrency conflict rather than overwrite it.
/// An id activated on another silo of a cluster is read as usual. Each id is taken by the first read; at most
/// <see cref="Capacity"/> are held (beyond that they are forgotten, which only costs their reads).
/// </summary>
public sealed class NewGrainIds
{
    /// <summary>The most ids held at once.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    /// <summary>A new id (32 hexadecimal digits), remembered as having no stored state.</summary>
    public string Next()
    {
        var id = Guid.NewGuid().ToString("N");
        if (ids.Count >= Capacity)
        {
            ids.Clear();
        }

        ids.TryAdd(id, 0);
        return id;
    }

    /// <summary>Whether the grain keyed <paramref name="grainKey"/> was named by <see cref="Next"/> and not read since; forgets it.</summary>
    public bool Take(string grainKey) => ids.TryRemove(grainKey, out _);
}
