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
                    IncludePartnership = a.Flag("partnership"),
                    DisclosureMode = Mode(a),
                    Reference = a.Option("reference", string.Empty)!,
                }, headers);
            case "check":
                return await client.CheckTotalsAsync(new CheckTotalsRequest { Repair = a.Option("repair") == "yes" }, headers);
            case "population":
                return await client.LoadPopulationEstimatesAsync(Population(a), headers);
            case "comparators":
                return a.Option("file") is { } comparators
                    ? await client.LoadComparatorsAsync(Comparators(comparators), headers)
                    : await client.ListComparatorsAsync(new ListComparatorsRequest { Measures = { a.All("measure") } }, headers);
            case "extract":
                await ExtractCsv.Write(client, a, headers);
                return new Empty();
            case "table":
                var table = await Table(client, a.FirstWord("table: plans-by-borough, plans-by-age, funnel or care-by-borough"), a.Number("year"), Mode(a),
                    a.Option("reference", string.Empty)!, headers);
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

    /// <summary>The disclosure mode of <c>--mode publication|board</c>; publication when not given.</summary>
    private static DisclosureMode Mode(Arguments a) => a.Option("mode") is null ? DisclosureMode.Publication : a.Choice<DisclosureMode>("mode");

    /// <summary>One of the annual report's tables for the year ending 31 March <paramref name="year"/>, in <paramref name="mode"/>.</summary>
    private static async Task<ReportTable> Table(
        DatasetService.DatasetServiceClient client, string name, int year, DisclosureMode mode, string reference, Metadata headers)
    {
        var fiveYears = Enumerable.Range(year - 4, 5).Select(y => $"{y}-03-31").ToList();
        var financialYear = $"{year - 1}-{year % 100:00}";
        async Task<GetDatasetResponse> Get(string[] measures, int[] years, List<string> asAt, string[] breakdowns) =>
            await client.GetDatasetAsync(new GetDatasetRequest
            {
                Measures = { measures },
                FinancialYears = { years },
                AsAtDates = { asAt },
                Breakdowns = { breakdowns },
                IncludePartnership = mode == DisclosureMode.Publication, // the board's figures are of its own boroughs
                DisclosureMode = mode,
                Reference = reference,
            }, headers);

        switch (name)
        {
            case "plans-by-borough":
            case "care-by-borough":
                var measure = name == "plans-by-borough" ? "cp-plans" : "looked-after";
                var byYear = await Get([measure], [], fiveYears, []);
                return new ReportTable(
                    $"{(measure == "cp-plans" ? "Children subject to a child protection plan" : "Children looked after")} at 31 March, by borough (rate per 10,000 children)",
                    byYear, ["Borough", .. fiveYears.Select(d => d[..4])],
                    [.. RowsOf(byYear).Select(b => (b.Name, (IReadOnlyList<Figure>)[.. fiveYears.Select(d => new Figure(Find(byYear, measure, d, b.Code, string.Empty), FigureKind.CountAndRate))]))]);
            case "plans-by-age":
                var byAge = await Get(["cp-plans"], [], [$"{year}-03-31"], ["age-band"]);
                var scopes = RowsOf(byAge);
                return new ReportTable(
                    $"Children subject to a child protection plan at 31 March {year}, by age band (% of the borough's children on a plan)",
                    byAge, ["Age band", .. scopes.Select(b => b.Name)],
                    [.. AgeBands.Append(string.Empty).Select(band => (band.Length == 0 ? "All ages" : band,
                        (IReadOnlyList<Figure>)[.. scopes.Select(b => new Figure(Find(byAge, "cp-plans", $"{year}-03-31", b.Code, band.Length == 0 ? string.Empty : "age-band=" + band), FigureKind.CountAndShare))]))]);
            case "funnel":
                string[] funnel = ["s47-enquiries", "icpc-after-s47", "s47-leading-to-icpc", "icpc-resulting-in-plan"];
                var steps = await Get(funnel, [year - 1], [], []);
                return new ReportTable(
                    $"Section 47 enquiries to initial conferences to child protection plans, {financialYear}, by borough",
                    steps, ["Borough", "S47 enquiries", "ICPCs after S47", "% S47 to ICPC", "% ICPC to plan"],
                    [.. RowsOf(steps).Select(b => (b.Name, (IReadOnlyList<Figure>)[.. funnel.Select(m => new Figure(Find(steps, m, financialYear, b.Code, string.Empty), FigureKind.Single))]))]);
            default:
                throw new UsageException($"Unknown table '{name}': plans-by-borough, plans-by-age, funnel or care-by-borough.");
        }
    }

    /// <summary>The boroughs (and the partnership) the answer has figures for, in the report's order.</summary>
    private static List<(string Code, string Name)> RowsOf(GetDatasetResponse response) =>
        [.. Boroughs.Where(b => response.Cells.Any(c => c.Borough == b.Code))];

    private static DatasetCell? Find(GetDatasetResponse response, string measure, string period, string borough, string breakdown) =>
        response.Cells.FirstOrDefault(c => c.Measure == measure && c.Period == period && c.Borough == borough && c.Breakdown == breakdown);

    /// <summary>
    /// Reads comparator figures from a CSV file with the header <c>area,measure,period,figure,value,source,publication</c>
    /// (fields with commas in double quotes). Words and numbers are checked here, with the line; the hub checks the
    /// rest, naming <c>comparators[i]</c> for the file's i-th figure, counting from 0.
    /// </summary>
    public static LoadComparatorsRequest Comparators(string file)
    {
        var request = new LoadComparatorsRequest();
        foreach (var row in Import.CsvTable.Read(File.ReadAllText(file), file))
        {
            string Word(string column, params string[] words) => words.Contains(row.Text(column).Trim().ToLowerInvariant())
                ? row.Text(column).Trim().ToLowerInvariant()
                : throw new UsageException($"{file} line {row.Line}: {column} '{row.Text(column)}' must be {string.Join(" or ", words)}.");
            request.Comparators.Add(new Comparator
            {
                Area = Word("area", "england", "london") == "england" ? ComparatorArea.England : ComparatorArea.London,
                Measure = row.Text("measure").Trim(),
                Period = row.Text("period").Trim(),
                Figure = Word("figure", "rate-per-10000", "percentage", "count", "value") switch
                {
                    "rate-per-10000" => ComparatorFigure.RatePer10000,
                    "percentage" => ComparatorFigure.Percentage,
                    "count" => ComparatorFigure.Count,
                    _ => ComparatorFigure.Value,
                },
                Value = double.TryParse(row.Text("value").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new UsageException($"{file} line {row.Line}: value '{row.Text("value")}' is not a number (write 41.6, not 41,6)."),
                Source = row.Text("source"),
                Publication = row.Text("publication"),
            });
        }

        return request;
    }

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

    /// <summary>How a table shows a figure.</summary>
    private enum FigureKind
    {
        /// <summary>A count with its rate per 10,000.</summary>
        CountAndRate,

        /// <summary>A count with its share of the total.</summary>
        CountAndShare,

        /// <summary>A percentage if the measure is one, else a count.</summary>
        Single,
    }

    /// <summary>One figure of a table: the dataset's cell (null when nothing was counted) and how to show it.</summary>
    private sealed record Figure(DatasetCell? Cell, FigureKind Kind)
    {
        /// <summary>"c" when suppressed (the published tables' mark), "0" when nothing was counted.</summary>
        public string Text => Cell switch
        {
            null => "0",
            { Suppressed: true } => "c",
            _ when Kind == FigureKind.CountAndRate && Cell.HasRatePer10000 => $"{Cell.Count} ({Cell.RatePer10000:F1})",
            _ when Kind == FigureKind.CountAndShare && Cell.HasPercentage => $"{Cell.Count} ({Cell.Percentage:F0}%)",
            _ when Kind == FigureKind.Single && Cell.HasPercentage => $"{Cell.Percentage:F1}%",
            _ => Cell.HasCount ? $"{Cell.Count}" : "-",
        };
    }

    /// <summary>A table with a title and the answer it was made from, printed with aligned columns or written as CSV.</summary>
    private sealed record ReportTable(string Title, GetDatasetResponse Answer, IReadOnlyList<string> Header, IReadOnlyList<(string Label, IReadOnlyList<Figure> Figures)> Rows)
    {
        private string ModeLine => Answer switch
        {
            { DisclosureMode: DisclosureMode.Board } => "Disclosure: BOARD - exact figures for the safeguarding partnership's board; not for publication.",
            { LargestSuppressed: 0 } => "Disclosure: PUBLICATION - with suppression turned off on this hub (Datasets__LargestSuppressed=0).",
            _ => $"Disclosure: PUBLICATION - counts of {Answer.SmallestSuppressed} to {Answer.LargestSuppressed} suppressed, and the cells that would reveal them.",
        };

        public string Render()
        {
            IReadOnlyList<IReadOnlyList<string>> rows = [Header, .. Rows.Select(r => (IReadOnlyList<string>)[r.Label, .. r.Figures.Select(f => f.Text)])];
            var widths = Header.Select((_, i) => rows.Max(r => r[i].Length)).ToList();
            var text = new StringBuilder().AppendLine(Title).AppendLine(ModeLine).AppendLine();
            foreach (var row in rows)
            {
                text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
            }

            if (Rows.Count == 0)
            {
                text.AppendLine("(none)");
            }

            if (Answer.DisclosureMode != DisclosureMode.Board)
            {
                text.AppendLine().AppendLine("c: suppressed (a small number, or one that would reveal a small number)");
            }

            return text.AppendLine($"Population: {Answer.PopulationSource}").ToString();
        }

        /// <summary>
        /// One line per figure, one value per column; the title, the mode and the population's source as comment lines
        /// (<c>#</c>). A suppressed figure has its numbers empty and <c>suppressed</c> true.
        /// </summary>
        public string Csv()
        {
            var lines = new List<string>
            {
                "# " + Title,
                "# " + ModeLine,
                "# Population estimates: " + Answer.PopulationSource,
                "row,column,measure,period,borough,breakdown,count,numerator,denominator,percentage,rate_per_10000,suppressed",
            };
            foreach (var (label, figures) in Rows)
            {
                foreach (var (figure, column) in figures.Zip(Header.Skip(1)))
                {
                    var c = figure.Cell;
                    lines.Add(string.Join(',', new[]
                    {
                        label, column, c?.Measure ?? string.Empty, c?.Period ?? string.Empty, c?.Borough ?? string.Empty, c?.Breakdown ?? string.Empty,
                        c is null ? "0" : c.HasCount ? $"{c.Count}" : string.Empty,
                        c?.HasNumerator == true ? $"{c.Numerator}" : string.Empty,
                        c?.HasDenominator == true ? $"{c.Denominator}" : string.Empty,
                        c?.HasPercentage == true ? c.Percentage.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty,
                        c?.HasRatePer10000 == true ? c.RatePer10000.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty,
                        c?.Suppressed == true ? "true" : "false",
                    }.Select(Quoted)));
                }
            }

            return string.Join('\n', lines) + "\n";
        }

        private static string Quoted(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
