using Grpc.Core;
using PartnershipHub.Contracts.Datasets.V1;

namespace PartnershipHub.Cli;

/// <summary>
/// <c>phub datasets extract</c>: streams the partnership's minimised child-level extract and writes it as CSV, one line
/// per child, to <c>--csv FILE</c> or to standard output. Rows are written as they arrive, so an extract of tens of
/// thousands of children never sits in memory whole; a file appears under its name only once the extract is complete.
/// </summary>
public static class ExtractCsv
{
    /// <summary>The CSV header: the row's fields in the order written.</summary>
    public static IReadOnlyList<string> Header { get; } =
    [
        "row_id", "birth_month", "responsible_borough", "age_band", "child_protection_plan", "cp_category",
        "looked_after", "legal_status", "placement_type", "placement_postcode_district",
    ];

    /// <summary>Runs the extract the options describe and writes it.</summary>
    public static async Task Write(DatasetService.DatasetServiceClient client, Arguments a, Metadata headers)
    {
        var request = new GetChildExtractRequest
        {
            AsAtDate = a.Required("as-at"),
            Boroughs = { a.All("borough") },
            Cohorts = { a.All("cohort").Select(c => Arguments.Parse<ExtractCohort>("cohort", c)) },
            Reference = a.Required("reference"),
        };
        var file = a.Option("csv");
        using var call = client.GetChildExtract(request, headers);
        var stream = call.ResponseStream;

        // The first message says the hub accepted the extract; a refusal throws here and leaves no file behind.
        if (!await stream.MoveNext(CancellationToken.None))
        {
            return;
        }

        var extractId = stream.Current.ExtractId;
        var partial = file is null ? null : file + ".partial";
        var rows = 0;
        await using (var fileWriter = partial is null ? null : new StreamWriter(partial))
        {
            var output = fileWriter ?? Console.Out;
            await output.WriteLineAsync(Line(Header));
            do
            {
                foreach (var row in stream.Current.Rows)
                {
                    await output.WriteLineAsync(Line(Fields(row)));
                    rows++;
                }
            }
            while (await stream.MoveNext(CancellationToken.None));
        }

        if (file is not null)
        {
            File.Move(partial!, file, overwrite: true);
            Console.WriteLine($"{rows} rows of extract {extractId} written to {file}.");
        }
    }

    /// <summary>A row's fields in the order of <see cref="Header"/>; empty where a cohort does not apply.</summary>
    public static IReadOnlyList<string> Fields(ChildExtractRow row) =>
    [
        row.RowId, row.BirthMonth, row.ResponsibleBorough, row.AgeBand,
        row.ChildProtection is null ? "no" : "yes", row.ChildProtection?.Category ?? string.Empty,
        row.LookedAfter is null ? "no" : "yes", row.LookedAfter?.LegalStatus ?? string.Empty,
        row.LookedAfter?.PlacementType ?? string.Empty, row.LookedAfter?.PlacementPostcodeDistrict ?? string.Empty,
    ];

    /// <summary>One CSV line; a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Line(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"")}\"" : f));
}
