using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Cli;

/// <summary>
/// The <c>phub datasets</c> commands: the catalogue, a dataset as JSON, the annual report's tables (printed, and
/// written as CSV with <c>--csv FILE</c>), the partnership's minimised child-level extract (CSV, see
/// <see cref="ExtractCsv"/>), and the administrators' population load and totals check.
/// </summary>
public static class DatasetCommands
{
    private static readonly (string Code, string Name)[] Boroughs =
    [
        ("E09000013", "Hammersmith and Fulham"), ("E09000020", "Kensington and Chelsea"), ("E09000033", "Westminster"),
        ("E09000009", "Ealing"), ("E09000018", "Hounslow"), ("E09000005", "Brent"), ("partnership", "Partnership"),
    ];

    private static readonly string[] AgeBands = ["under-1", "1-4", "5-9", "10-15", "16-17"];

    /// <summary>Runs <c>phub datasets VERB</c>; a table is printed as text here and answers with <see cref="Empty"/>.</summary>
    public static async Task<IMessage> Datasets(DatasetService.DatasetServiceClient client, string verb, Arguments a, Metadata headers)
    {
        switch (verb)
        {
            case "measures":
                return await client.ListMeasuresAsync(new ListMeasuresRequest(), headers);
            case "get":
                return await client.GetDatasetAsync(new GetDatasetRequest
                {
                    Measures = { a.All("measure") },
                    FinancialYears = { a.All("year").Select(y => int.Parse(y, CultureInfo.InvariantCulture)) },
                    AsAtDates = { a.All("as-at") },
                    Boroughs = { a.All("borough") },
                    Breakdowns = { a.All("breakdown") },
                    IncludePartnership = a.Option("partnership") == "yes",
                }, headers);
            case "check":
                return await client.CheckTotalsAsync(new CheckTotalsRequest { Repair = a.Option("repair") == "yes" }, headers);
            case "population":
                return await client.LoadPopulationEstimatesAsync(Population(a), headers);
            case "extract":
                await ExtractCsv.Write(client, a, headers);
                return new Empty();
            case "table":
                var table = await Table(client, a.FirstWord("table: plans-by-borough, plans-by-age, funnel or care-by-borough"), a.Number("year"), headers);
                Console.Write(table.Render());
                if (a.Option("csv") is { } file)
                {
                    await File.WriteAllTextAsync(file, table.Csv());
                    Console.WriteLine($"Written to {file}.");
                }

                return new Empty();
            default:
                throw new UsageException($"Unknown command 'datasets {verb}'.");
        }
    }

    /// <summary>One of the annual report's tables for the year ending 31 March <paramref name="year"/>.</summary>
    private static async Task<TextTable> Table(DatasetService.DatasetServiceClient client, string name, int year, Metadata headers)
    {
        var fiveYears = Enumerable.Range(year - 4, 5).Select(y => $"{y}-03-31").ToList();
        var financialYear = $"{year - 1}-{year % 100:00}";
        switch (name)
        {
            case "plans-by-borough":
            case "care-by-borough":
                var measure = name == "plans-by-borough" ? "cp-plans" : "looked-after";
                var byYear = await Get(client, headers, [measure], [], fiveYears, []);
                return new TextTable(
                    $"{(measure == "cp-plans" ? "Children subject to a child protection plan" : "Children looked after")} at 31 March, by borough (rate per 10,000 children)",
                    ["Borough", .. fiveYears.Select(d => d[..4])],
                    [.. Boroughs.Select(b => (IReadOnlyList<string>)[b.Name, .. fiveYears.Select(d => CountAndRate(Find(byYear, measure, d, b.Code, string.Empty)))])]);
            case "plans-by-age":
                var byAge = await Get(client, headers, ["cp-plans"], [], [$"{year}-03-31"], ["age-band"]);
                return new TextTable(
                    $"Children subject to a child protection plan at 31 March {year}, by age band (% of the borough's children on a plan)",
                    ["Age band", .. Boroughs.Select(b => b.Name)],
                    [.. AgeBands.Append(string.Empty).Select(band => (IReadOnlyList<string>)[band.Length == 0 ? "All ages" : band,
                        .. Boroughs.Select(b => CountAndShare(Find(byAge, "cp-plans", $"{year}-03-31", b.Code, band.Length == 0 ? string.Empty : "age-band=" + band)))])]);
            case "funnel":
                string[] funnel = ["s47-enquiries", "icpc-after-s47", "s47-leading-to-icpc", "icpc-resulting-in-plan"];
                var steps = await Get(client, headers, funnel, [year - 1], [], []);
                return new TextTable(
                    $"Section 47 enquiries to initial conferences to child protection plans, {financialYear}, by borough",
                    ["Borough", "S47 enquiries", "ICPCs after S47", "% S47 to ICPC", "% ICPC to plan"],
                    [.. Boroughs.Select(b => (IReadOnlyList<string>)[b.Name, .. funnel.Select(m => Figure(Find(steps, m, financialYear, b.Code, string.Empty)))])]);
            default:
                throw new UsageException($"Unknown table '{name}': plans-by-borough, plans-by-age, funnel or care-by-borough.");
        }
    }

    private static async Task<GetDatasetResponse> Get(
        DatasetService.DatasetServiceClient client, Metadata headers, string[] measures, int[] years, List<string> asAt, string[] breakdowns) =>
        await client.GetDatasetAsync(new GetDatasetRequest
        {
            Measures = { measures },
            FinancialYears = { years },
            AsAtDates = { asAt },
            Breakdowns = { breakdowns },
            IncludePartnership = true,
        }, headers);

    private static DatasetCell? Find(GetDatasetResponse response, string measure, string period, string borough, string breakdown) =>
        response.Cells.FirstOrDefault(c => c.Measure == measure && c.Period == period && c.Borough == borough && c.Breakdown == breakdown);

    /// <summary>A count with its rate; "c" when suppressed (the published tables' mark), "0" when nothing was counted.</summary>
    private static string CountAndRate(DatasetCell? cell) =>
        cell is null ? "0" : cell.Suppressed ? "c" : cell.HasRatePer10000 ? $"{cell.Count} ({cell.RatePer10000:F1})" : $"{cell.Count}";

    private static string CountAndShare(DatasetCell? cell) =>
        cell is null ? "0" : cell.Suppressed ? "c" : cell.HasPercentage ? $"{cell.Count} ({cell.Percentage:F0}%)" : $"{cell.Count}";

    private static string Figure(DatasetCell? cell) =>
        cell is null ? "0" : cell.Suppressed ? "c" : cell.HasPercentage ? $"{cell.Percentage:F1}%" : cell.HasCount ? $"{cell.Count}" : "-";

    /// <summary>Reads population estimates from a CSV file: <c>borough,mid_year,age,population</c>.</summary>
    private static LoadPopulationEstimatesRequest Population(Arguments a)
    {
        var request = new LoadPopulationEstimatesRequest { Source = a.Required("source") };
        foreach (var line in File.ReadLines(a.Required("file")).Where(l => l.Length > 0 && char.IsAsciiLetterUpper(l[0])))
        {
            var parts = line.Split(',');
            request.Estimates.Add(new PopulationEstimate
            {
                Borough = parts[0],
                MidYear = int.Parse(parts[1], CultureInfo.InvariantCulture),
                Age = int.Parse(parts[2], CultureInfo.InvariantCulture),
                Population = long.Parse(parts[3], CultureInfo.InvariantCulture),
            });
        }

        return request;
    }

    /// <summary>A table with a title, printed with aligned columns or written as CSV.</summary>
    private sealed record TextTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
    {
        public string Render()
        {
            var widths = Header.Select((h, i) => Rows.Select(r => r[i].Length).Append(h.Length).Max()).ToList();
            var text = new StringBuilder().AppendLine(Title).AppendLine();
            foreach (var row in Rows.Prepend(Header))
            {
                text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
            }

            return text.AppendLine().AppendLine("c: suppressed (a small number, or one that would reveal a small number)").ToString();
        }

        public string Csv() =>
            string.Join('\n', Rows.Prepend(Header).Select(row => string.Join(',', row.Select(cell => cell.Contains(',') ? $"\"{cell}\"" : cell)))) + "\n";
    }
}
