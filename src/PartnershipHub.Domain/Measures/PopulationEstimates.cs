using System.Globalization;

namespace PartnershipHub.Domain.Measures;

/// <summary>One figure of the ONS mid-year population estimates.</summary>
/// <param name="Borough">The borough's ONS code.</param>
/// <param name="MidYear">The year of the mid-year (30 June) estimate.</param>
/// <param name="Age">The single year of age, 0 to 17.</param>
/// <param name="Population">The estimated number of children of that age.</param>
public sealed record PopulationEstimate(string Borough, int MidYear, int Age, long Population);

/// <summary>
/// The population denominators of the rates per 10,000 children, loaded as data. A financial year's rates (and
/// those as at its 31 March) use the estimate for the middle of the year the financial year starts in, as the
/// Department for Education's tables do.
/// </summary>
/// <param name="Source">Where the figures come from, shown with every dataset.</param>
/// <param name="Estimates">The figures.</param>
public sealed class PopulationEstimates(string Source, IReadOnlyList<PopulationEstimate> Estimates)
{
    private readonly Dictionary<(string Borough, int MidYear, string Band), long> byBand = Estimates
        .GroupBy(e => (e.Borough, e.MidYear, AgeBands.OfAge(e.Age)))
        .ToDictionary(g => g.Key, g => g.Sum(e => e.Population));

    /// <summary>Where the figures come from.</summary>
    public string Source { get; } = Source;

    /// <summary>The figures.</summary>
    public IReadOnlyList<PopulationEstimate> Estimates { get; } = Estimates;

    /// <summary>
    /// Children under 18 (or of one age band) in <paramref name="boroughs"/> for the period named
    /// <paramref name="period"/>; null when a borough's estimate is not loaded.
    /// </summary>
    public long? Children(IEnumerable<string> boroughs, string period, string? ageBand)
    {
        var midYear = MidYearFor(period);
        long total = 0;
        foreach (var borough in boroughs)
        {
            var bands = ageBand is null ? AgeBands.All : [ageBand];
            var found = bands.Select(b => byBand.TryGetValue((borough, midYear, b), out var n) ? n : (long?)null).Where(n => n is not null).ToList();
            if (found.Count == 0)
            {
                return null;
            }

            total += found.Sum(n => n!.Value);
        }

        return total;
    }

    /// <summary>The mid-year estimate used for a financial year (<c>2024-25</c>) or an as-at date (<c>2025-03-31</c>).</summary>
    public static int MidYearFor(string period) => period.Length == 7
        ? int.Parse(period[..4], CultureInfo.InvariantCulture)
        : ReportingPeriods.FinancialYearOf(DateOnly.ParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Reads estimates from CSV lines <c>borough,mid_year,age,population</c> (a header line is skipped); problems are named by line.</summary>
    public static (List<PopulationEstimate> Estimates, List<string> Problems) ParseCsv(IEnumerable<string> lines)
    {
        var estimates = new List<PopulationEstimate>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("borough", StringComparison.OrdinalIgnoreCase) || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 4
                || Identifiers.Borough.Find(parts[0].Trim()) is null
                || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100
                || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var age) || age is < 0 or > 17
                || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var population) || population < 0)
            {
                problems.Add($"line {number}: expected borough (a partnership ONS code),mid_year (2000 to 2100),age (0 to 17),population (0 or more)");
                continue;
            }

            estimates.Add(new PopulationEstimate(parts[0].Trim(), year, age, population));
        }

        return (estimates, problems);
    }

    /// <summary>
    /// The figures shipped with the hub: ILLUSTRATIVE, not the ONS's published estimates (which the hub could not
    /// fetch where it was built). Load the real ones with the administrator's call before publishing rates.
    /// </summary>
    public static PopulationEstimates Illustrative { get; } = LoadIllustrative();

    private static PopulationEstimates LoadIllustrative()
    {
        using var stream = typeof(PopulationEstimates).Assembly.GetManifestResourceStream("PartnershipHub.Domain.Measures.population-estimates.illustrative.csv")
            ?? throw new InvalidOperationException("The illustrative population estimates are missing from the domain assembly.");
        using var reader = new StreamReader(stream);
        var (estimates, _) = ParseCsv(reader.ReadToEnd().Split('\n'));
        return new PopulationEstimates("ILLUSTRATIVE figures shipped with the hub, not ONS estimates: load the ONS mid-year estimates", estimates);
    }
}
