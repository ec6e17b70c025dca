using System.Security.Claims;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PartnershipHub.Api.Board;
using PartnershipHub.Api.Datasets;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Disclosure;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Measures;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Api.PerformancePack;

/// <summary>
/// <c>GET /pack/data</c>: the figures of the board's performance pack for the signed-in viewer, every table answered
/// by <see cref="DatasetReader"/> exactly as <c>GetDataset</c> answers the same request, in the most detailed mode the
/// viewer may have (BOARD when the policy allows it, else PUBLICATION), and the trackers of a board the viewer
/// manages (<see cref="PackBoard"/>). Each view is one record in the <c>partnership/datasets</c> audit trail, refusals
/// too, before any figure is sent; the board's reads are also in the board's own trail, as the API's are.
/// </summary>
public static class PerformancePackEndpoint
{
    /// <summary>The path of the pack's figures.</summary>
    public const string Path = "/pack/data";

    private const string Action = "datasets.pack";
    private const string DefaultReference = "Board performance pack";
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>Maps the endpoint; the host adds its sign-in and port.</summary>
    public static IEndpointConventionBuilder MapPerformancePackData(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, View);

    private static async Task<IResult> View(HttpContext http, DatasetReader reader, BoardReader boardReader, AuditWriter audit)
    {
        if (CallerIdentity.FromClaims(http.User) is not { } caller)
        {
            // Signed in, but the identity provider named no single organisation and hub role: signing in again would
            // give the same, so this is a refusal, not a sign-in prompt.
            return Results.Json(new { error = "Your sign-in names no organisation and hub role the hub knows; ask the partnership's identity administrators." },
                statusCode: StatusCodes.Status403Forbidden);
        }

        var query = http.Request.Query;
        var violations = new Violations();
        var today = reader.Today();
        var latest = today >= ReportingPeriods.YearEnd(today.Year) ? today.Year : today.Year - 1;
        var year = latest;
        if (query["year"] is [{ } yearText] && (!int.TryParse(yearText, out year) || year < ReportingPeriods.FirstYear + 4 || year > latest))
        {
            violations.Add("year", $"must be a year from {ReportingPeriods.FirstYear + 4} to {latest}: the pack is for the year to 31 March of it.");
        }

        var boroughs = query["borough"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).Distinct().ToList();
        if (boroughs.Any(b => Borough.Find(b) is null))
        {
            violations.Add("borough", "must be the ONS codes of partnership boroughs, e.g. E09000033.");
        }

        var reference = query["reference"] is [{ Length: > 0 } given] ? given : DefaultReference;
        var modeAsked = query["mode"].ToString() switch
        {
            "" => (DisclosureMode?)null,
            "board" => DisclosureMode.Board,
            "publication" => DisclosureMode.Publication,
            _ => Invalid(violations, "mode", "must be board or publication."),
        };
        if (violations.Items.Count > 0)
        {
            return Results.BadRequest(new { errors = violations.Items.Select(v => new { field = v.Field, description = v.Description }) });
        }

        var viewer = AccessPolicy.CanViewPerformancePack(caller);
        if (!viewer.Allowed)
        {
            await audit.Record(DatasetGrpcService.Subject, Action, caller, DatasetGrpcService.PartnershipScrutiny, reference, "denied", viewer.Reason);
            return Results.Json(new { error = "You may not open the board's performance pack: it is for the partnership's analysts and board." }, statusCode: StatusCodes.Status403Forbidden);
        }

        var agreements = await reader.Agreements();
        var boards = PackBoard.Managed(caller, agreements, today);
        var board = query["board"].ToString() is { Length: > 0 } asked ? asked : boards.FirstOrDefault();
        if (board is not null && !boards.Contains(board))
        {
            return Results.BadRequest(new { errors = new[] { new { field = "board", description = $"must be a board you manage: {(boards.Count > 0 ? string.Join(", ", boards) : "you manage none")}." } } });
        }

        List<DatasetDecision> Decide(DisclosureMode mode) =>
            [.. PackTables.For(year, boroughs, mode, reference).Select(t => DatasetReader.Decide(t.Request, caller, agreements, today))];
        List<DatasetDecision> decisions;
        try
        {
            decisions = Decide(modeAsked ?? DisclosureMode.Board);
            if (modeAsked is null && decisions.Any(d => !d.Access.Allowed))
            {
                decisions = Decide(DisclosureMode.Publication);
            }
        }
        catch (RpcException invalid) when (invalid.StatusCode == StatusCode.InvalidArgument)
        {
            return Results.BadRequest(new { errors = new[] { new { field = "request", description = invalid.Status.Detail } } });
        }

        var tables = PackTables.For(year, boroughs, decisions[0].Mode, reference);
        var refused = decisions.FirstOrDefault(d => !d.Access.Allowed);
        var detail = $"{decisions[0].Mode.ToString().ToUpperInvariant()} pack for the year to 31 March {year}: tables {string.Join(" ", tables.Select(t => t.Id))}; "
            + $"boroughs {string.Join(" ", decisions[0].Query.Boroughs)}; partnership {decisions[0].Query.IncludePartnership}; {(refused ?? decisions[0]).Access.Reason}; "
            + (board is null ? "no board's trackers: the viewer manages no board" : $"board {board}: actions and attendance");
        await audit.Record(DatasetGrpcService.Subject, Action, caller, DatasetGrpcService.PartnershipScrutiny, reference, refused is null ? "returned" : "denied", detail);
        if (refused is not null)
        {
            return Results.Json(new { error = $"No figures: {refused.Access.Reason}." }, statusCode: StatusCodes.Status403Forbidden);
        }

        var answers = await reader.Read(decisions);
        var comparators = await reader.Comparators();
        var trackers = board is null ? null : await PackBoard.Read(boardReader, board, year, caller);
        return Results.Text(Page(caller, year, decisions[0], tables, answers, comparators, boards, trackers), "application/json");
    }

    private static DisclosureMode? Invalid(Violations violations, string field, string description)
    {
        violations.Add(field, description);
        return null;
    }

    /// <summary>
    /// The page's data: who is viewing, in which mode, each table's request and answer with the comparators of its
    /// measures and periods, and the board's trackers with the boards the viewer may choose from, the answers as
    /// protobuf JSON.
    /// </summary>
    private static string Page(
        Caller caller, int year, DatasetDecision first, IReadOnlyList<PackTable> tables, IReadOnlyList<Contracts.Datasets.V1.GetDatasetResponse> answers,
        IReadOnlyList<Comparator> comparators, IReadOnlyList<string> boards, PackBoard? trackers)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("year", year);
            json.WriteString("mode", first.Mode == DisclosureMode.Board ? "board" : "publication");
            json.WriteString("reference", first.Reference);
            json.WriteStartObject("viewer");
            json.WriteString("organisation", caller.Organisation);
            json.WriteString("role", caller.Role);
            json.WriteString("user", caller.UserId);
            json.WriteEndObject();
            json.WriteStartArray("boroughs");
            foreach (var code in first.Query.Boroughs.Concat(first.Query.IncludePartnership ? [Domain.Measures.Datasets.Partnership] : []))
            {
                json.WriteStartObject();
                json.WriteString("code", code);
                json.WriteString("name", Borough.Find(code)?.Name ?? "The partnership");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("partnershipBoroughs");
            foreach (var borough in Borough.All)
            {
                json.WriteStartObject();
                json.WriteString("code", borough.Code);
                json.WriteString("name", borough.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("tables");
            for (var i = 0; i < tables.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("id", tables[i].Id);
                json.WriteString("title", tables[i].Title);
                json.WritePropertyName("request");
                json.WriteRawValue(Json.Format(tables[i].Request));
                json.WritePropertyName("answer");
                json.WriteRawValue(Json.Format(answers[i]));
                json.WriteStartArray("comparators");
                foreach (var comparator in PackTables.ComparatorsOf(tables[i], comparators))
                {
                    json.WriteRawValue(Json.Format(ComparatorMessages.ToMessage(comparator)));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("boards");
            boards.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            if (trackers is not null)
            {
                json.WriteStartObject("board");
                json.WriteString("id", trackers.Board);
                foreach (var (name, answer) in new (string, IMessage)[] { ("items", trackers.Items), ("overdue", trackers.Overdue), ("attendance", trackers.Attendance) })
                {
                    json.WritePropertyName(name);
                    json.WriteRawValue(Json.Format(answer));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
