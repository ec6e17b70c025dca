using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Abstractions.Measures;

/// <summary>
/// One shard of the partnership's figures: a borough's totals for one period (keyed <c>borough/period</c>, see
/// <see cref="MeasureCell.Shard"/>), the sums of its children's contributions. Children send only the changes;
/// a dataset reads the shards it needs, whatever the number of children.
/// </summary>
public interface IMeasureTotalsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a child's changes (cell entry to amount) once: a delivery sent again with the same id is recognised
    /// among the shard's recent deliveries and changes nothing. Returns once the changes are stored.
    /// </summary>
    Task Apply(string deliveryId, IReadOnlyDictionary<string, long> changes);

    /// <summary>The shard's totals: cell entry (<see cref="MeasureCell.Entry"/>) to count; cells at zero are left out.</summary>
    Task<IReadOnlyDictionary<string, long>> Totals();
}

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
