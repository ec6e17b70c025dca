using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Abstractions.Measures;

/// <summary>
/// One shard of the partnership's figures: a borough's totals for one period (keyed <c>borough/period</c>, see
/// <see cref="MeasureCell.Shard"/>), the sums of its children's contributions. Children's changes reach it through
/// the collectors (<see cref="IMeasureCollectorGrain"/>), in batches; a dataset reads the shards it needs, whatever
/// the number of children.
/// </summary>
public interface IMeasureTotalsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a collector's changes, in the order of their sequence numbers, each once: a change whose number the shard
    /// has already had from that collector changes nothing. Returns once the changes are stored.
    /// </summary>
    /// <param name="collector">The collector's key.</param>
    /// <param name="changes">Changes to cells of this shard (cell entry, <see cref="MeasureCell.Entry"/>, to amount).</param>
    Task Apply(string collector, IReadOnlyList<NumberedChanges> changes);

    /// <summary>The shard's totals: cell entry (<see cref="MeasureCell.Entry"/>) to count; cells at zero are left out.</summary>
    Task<IReadOnlyDictionary<string, long>> Totals();
}

/// <summary>
/// Collects the changes of the children assigned to it (<see cref="MeasureCollectors.Of"/>) and passes them on to the
/// shards of the totals in batches, so that a shard is written once for many children. It remembers the last
/// change it had from each of its children, and each shard remembers the last batch it had from each collector, so
/// a change sent again (its answer lost) is never counted twice.
/// </summary>
public interface IMeasureCollectorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes a child's changes (full cells, <see cref="MeasureCell.ToString"/>, to amount), in the order of their
    /// sequence numbers, each once. Returns once they are stored here and have reached their shards' totals, so a
    /// dataset asked for after it sees them.
    /// </summary>
    Task Apply(string childId, IReadOnlyList<NumberedChanges> changes);

    /// <summary>Returns once everything this collector holds has reached the totals (for the recomputation check).</summary>
    Task Settle();
}

/// <summary>Which collector a child's changes go through.</summary>
public static class MeasureCollectors
{
    /// <summary>
    /// How many collectors there are. Fixed: a child always goes through the same one, which is what lets the collector
    /// recognise a change sent twice.
    /// </summary>
    public const int Count = 256;

    /// <summary>The key of the collector for <paramref name="childId"/>.</summary>
    public static string Of(string childId) =>
        (BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(childId))) % Count).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every collector's key.</summary>
    public static IEnumerable<string> All => Enumerable.Range(0, Count).Select(n => n.ToString(CultureInfo.InvariantCulture));
}

/// <summary>Changes to counts, numbered by their sender so that the receiver takes each once and in order.</summary>
/// <param name="Sequence">The sender's number for these changes, rising by one or more with each.</param>
/// <param name="Cells">Cell to amount (full cells from a child, cell entries to a shard).</param>
[GenerateSerializer, Alias("NumberedChanges")]
public sealed record NumberedChanges([property: Id(0)] long Sequence, [property: Id(1)] IReadOnlyDictionary<string, long> Cells);

/// <summary>The measures side of a child's grain, for the full recomputation check.</summary>
public interface IChildMeasuresGrain : IGrainWithStringKey
{
    /// <summary>
    /// The child's contributions worked out afresh from the records held now, and any changes still waiting to reach
    /// the totals (sent again first, so that the check compares settled figures).
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> Contributions();
}

/// <summary>The population denominators of the rates (one grain, <see cref="Key"/>).</summary>
public interface IPopulationGrain : IGrainWithStringKey
{
    /// <summary>The one population grain's key.</summary>
    const string Key = "partnership";

    /// <summary>Replaces the estimates with those given, naming where they come from.</summary>
    Task Load(string source, IReadOnlyList<PopulationEstimate> estimates);

    /// <summary>The estimates loaded, or the illustrative ones shipped with the hub when none were.</summary>
    Task<PopulationFigures> Estimates();

    /// <summary>A number that changes whenever estimates are loaded, so callers can keep the figures until it does.</summary>
    Task<string> Version();
}

/// <summary>Population estimates and where they come from.</summary>
/// <param name="Source">Where the figures come from, shown with every dataset.</param>
/// <param name="Estimates">The figures.</param>
[GenerateSerializer, Alias("PopulationFigures")]
public sealed record PopulationFigures([property: Id(0)] string Source, [property: Id(1)] IReadOnlyList<PopulationEstimate> Estimates);

/// <summary>
/// The published England and London comparators the partnership holds (one grain, keyed
/// <see cref="Key"/>), loaded by its analysts and administrators from the publications they are taken from.
/// </summary>
public interface IComparatorsGrain : IGrainWithStringKey
{
    /// <summary>The one comparators grain's key.</summary>
    const string Key = "partnership";

    /// <summary>
    /// Adds the figures given, each replacing one held for the same area, measure, period and figure; the figures held
    /// afterwards, or a conflict (nothing changed) when they would be more than <see cref="Comparators.MaxHeld"/>.
    /// </summary>
    Task<CallResult<IReadOnlyList<Comparator>>> Load(IReadOnlyList<Comparator> comparators);

    /// <summary>Every figure held, by measure, period, area and figure.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<Comparator>> All();
}
