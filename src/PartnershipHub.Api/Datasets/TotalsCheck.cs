using PartnershipHub.Abstractions.Children;
using PartnershipHub.Abstractions.Measures;
using PartnershipHub.Domain.Measures;

namespace PartnershipHub.Api.Datasets;

/// <summary>A cell whose total differs from what the children's records add up to.</summary>
/// <param name="Cell">The cell (<see cref="MeasureCell.ToString"/>).</param>
/// <param name="Held">What the totals hold.</param>
/// <param name="Recomputed">What the children's records add up to.</param>
public sealed record TotalDifference(string Cell, long Held, long Recomputed);

/// <summary>The outcome of the check.</summary>
/// <param name="Children">Children read.</param>
/// <param name="Cells">Cells compared.</param>
/// <param name="Differences">Every cell that differs.</param>
public sealed record TotalsCheckResult(int Children, int Cells, IReadOnlyList<TotalDifference> Differences);

/// <summary>
/// The full recomputation: every child of every borough's roster works out its contributions afresh from its records
/// (settling any delivery still in its outbox first, and
/// then every collector), and their sum is compared cell by cell with every shard of the
/// totals the datasets read.
/// </summary>
public static class TotalsCheck
{
    private const int ChildrenAtOnce = 64;

    /// <summary>Runs the check over <paramref name="boroughs"/>.</summary>
    public static async Task<TotalsCheckResult> Run(IGrainFactory grains, IReadOnlyList<string> boroughs, CancellationToken cancellation)
    {
        var recomputed = new Dictionary<string, long>(StringComparer.Ordinal);
        var children = 0;
        foreach (var borough in boroughs)
        {
            await foreach (var ids in BoroughRoster.Pages(grains, borough))
            {
                foreach (var chunk in ids.Chunk(ChildrenAtOnce))
                {
                    cancellation.ThrowIfCancellationRequested();
                    foreach (var contributions in await Task.WhenAll(chunk.Select(id => grains.GetGrain<IChildMeasuresGrain>(id).Contributions())))
                    {
                        Contributions.AddInto(recomputed, contributions);
                    }
                }

                children += ids.Count;
            }
        }

        await Task.WhenAll(MeasureCollectors.All.Select(c => grains.GetGrain<IMeasureCollectorGrain>(c).Settle()));
        var held = await Held(grains, boroughs);
        var differences = Contributions.Difference(recomputed, held)
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new TotalDifference(d.Key, held.GetValueOrDefault(d.Key), recomputed.GetValueOrDefault(d.Key)))
            .ToList();
        return new TotalsCheckResult(children, held.Keys.Union(recomputed.Keys).Count(), differences);
    }

    /// <summary>
    /// Sets every cell of <paramref name="differences"/> to its recomputed figure, by handing the corrections to a
    /// collector as the one change of a sender of their own, so they reach the shards as children's changes do.
    /// </summary>
    public static Task Repair(IGrainFactory grains, IReadOnlyList<TotalDifference> differences)
    {
        var sender = $"totals-repair-{Guid.NewGuid():N}";
        var corrections = differences.ToDictionary(d => d.Cell, d => d.Recomputed - d.Held, StringComparer.Ordinal);
        return grains.GetGrain<IMeasureCollectorGrain>(MeasureCollectors.Of(sender)).Apply(sender, [new NumberedChanges(1, corrections)]);
    }

    /// <summary>What the totals hold for <paramref name="boroughs"/> in every kept period: full cell to count.</summary>
    public static async Task<Dictionary<string, long>> Held(IGrainFactory grains, IEnumerable<string> boroughs)
    {
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        var shards = boroughs.SelectMany(b => ReportingPeriods.All().Select(p => MeasureCell.ShardOf(b, p))).ToList();
        foreach (var (shard, totals) in await Task.WhenAll(shards.Select(async s => (s, await grains.GetGrain<IMeasureTotalsGrain>(s).Totals()))))
        {
            foreach (var (entry, value) in totals)
            {
                held[$"{shard}/{entry}"] = value;
            }
        }

        return held;
    }
}
