namespace PartnershipHub.Domain.Measures;

/// <summary>
/// One figure that children add to: a counter of a borough for a period, for all children or for one value of a
/// breakdown. A child's contributions and a borough's totals are both counts per cell.
/// </summary>
/// <param name="Borough">The borough's ONS code.</param>
/// <param name="Period">A financial year (<c>2024-25</c>) or an as-at date (<c>2025-03-31</c>); see <see cref="ReportingPeriods"/>.</param>
/// <param name="Counter">What is counted or summed, one of <see cref="Counters"/>.</param>
/// <param name="Breakdown">Empty for all children, or a dimension and value such as <c>age-band=1-4</c>.</param>
public readonly record struct MeasureCell(string Borough, string Period, string Counter, string Breakdown)
{
    /// <summary>The borough and period: the cells of one shard of the totals are stored together.</summary>
    public string Shard => ShardOf(Borough, Period);

    /// <summary>The cell's name within its shard.</summary>
    public string Entry => EntryOf(Counter, Breakdown);

    /// <summary>The shard holding a borough's totals for a period.</summary>
    public static string ShardOf(string borough, string period) => $"{borough}/{period}";

    /// <summary>The name of a counter's cell within a shard.</summary>
    public static string EntryOf(string counter, string breakdown) => $"{counter}/{breakdown}";

    /// <summary>The cell as one string, e.g. <c>E09000033/2025-03-31/cp-plans/age-band=1-4</c>.</summary>
    public override string ToString() => $"{Shard}/{Entry}";

    /// <summary>Reads a cell written by <see cref="ToString"/>.</summary>
    public static MeasureCell Parse(string key)
    {
        var parts = key.Split('/', 4);
        return parts.Length == 4 ? new MeasureCell(parts[0], parts[1], parts[2], parts[3]) : throw new FormatException($"'{key}' is not a measure cell.");
    }

    /// <summary>The breakdown naming <paramref name="dimension"/> = <paramref name="value"/>.</summary>
    public static string BreakdownOf(string dimension, string value) => $"{dimension}={value}";
}

/// <summary>Counts per cell, as a child contributes them or as a borough's totals hold them.</summary>
public static class Contributions
{
    /// <summary>What must be added to the totals to go from <paramref name="before"/> to <paramref name="after"/>; zeros left out.</summary>
    public static Dictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        var difference = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in after)
        {
            var change = value - before.GetValueOrDefault(key);
            if (change != 0)
            {
                difference[key] = change;
            }
        }

        foreach (var (key, value) in before)
        {
            if (!after.ContainsKey(key) && value != 0)
            {
                difference[key] = -value;
            }
        }

        return difference;
    }

    /// <summary>Adds <paramref name="changes"/> into <paramref name="totals"/>, dropping cells that come back to zero.</summary>
    public static void AddInto(IDictionary<string, long> totals, IEnumerable<KeyValuePair<string, long>> changes)
    {
        foreach (var (key, change) in changes)
        {
            var value = totals.TryGetValue(key, out var held) ? held + change : change;
            if (value == 0)
            {
                totals.Remove(key);
            }
            else
            {
                totals[key] = value;
            }
        }
    }
}
