using System.Security.Cryptography;
using System.Text.Json;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Testing;

namespace PartnershipHub.Cli.Tests.Commands;

/// <summary>The tests that run the built phub against one real hub (on Azurite).</summary>
[CollectionDefinition(Name)]
public sealed class PhubHubCollection : ICollectionFixture<HubFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "phub against a hub";
}

/// <summary>
/// The built phub against a real hub: every service reachable, lists as tables with names to those allowed, the
/// disclosure mode on every dataset output, and refused tokens explained in words.
/// </summary>
[Collection(PhubHubCollection.Name)]
public sealed class HubCommandTests(HubFixture fixture)
{
    private const string Westminster = "E09000033";
    private const string Ealing = "E09000009";
    private const string HammersmithAndFulham = "E09000013";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Health_needs_no_token_and_services_lists_every_service_with_its_calls()
    {
        var health = await Run(null, "health");
        var services = await Run(Token(Westminster, "mash-practitioner"), "services");

        Assert.Equal(0, health.ExitCode);
        Assert.EndsWith(": SERVING", health.Output.Trim(), StringComparison.Ordinal);
        Assert.Contains("partnershiphub.privatefostering.v1.PrivateFosteringService", services.Output, StringComparison.Ordinal);
        Assert.Contains("RecordVisit", services.Output, StringComparison.Ordinal);
        Assert.Contains("partnershiphub.adoption.v1.AdoptionService", services.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Children_list_shows_names_and_dates_of_birth_to_the_boroughs_staff_and_an_empty_list_says_none()
    {
        var worker = Token(Westminster, "mash-practitioner");
        var registered = await Run(worker, "children", "register", "--borough", Westminster, "--given-name", "Ada", "--family-name", "Listable", "--dob", "2019-02-03");
        Assert.Equal(0, registered.ExitCode);
        var childId = Json(registered).GetProperty("child").GetProperty("childId").GetString()!;

        var list = await Run(worker, "children", "list", Westminster, "--page-size", "500");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Output.Split('\n'), line => line.Contains(childId, StringComparison.Ordinal) && line.Contains("Ada Listable", StringComparison.Ordinal) && line.Contains("2019-02-03", StringComparison.Ordinal));
        var json = await Run(worker, "children", "list", Westminster, "--page-size", "500", "--json");
        Assert.Contains(Json(json).GetProperty("children").EnumerateArray(), c => c.GetProperty("givenName").GetString() == "Ada");

        var refused = await Run(Token(HammersmithAndFulham, "mash-practitioner"), "children", "list", Westminster);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("PermissionDenied", refused.Error, StringComparison.Ordinal);
        var empty = await Run(Token("E09000005", "social-worker"), "private-fostering", "list", "E09000005");
        Assert.Contains("(none)", empty.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_fostering_arrangement_is_notified_visited_and_listed_through_phub()
    {
        var worker = Token(Westminster, "social-worker");
        var childId = Json(await Run(worker, "children", "register", "--borough", Westminster, "--given-name", "Pat", "--family-name", "Fostered", "--dob", "2014-06-01"))
            .GetProperty("child").GetProperty("childId").GetString()!;
        var notified = Json(await Run(worker, "private-fostering", "notify", "--borough", Westminster, "--child", childId, "--notified", Day(-20),
            "--start", Day(-21), "--source", "school-admissions", "--district", "W2"));
        var arrangement = notified.GetProperty("arrangement").GetProperty("arrangementId").GetString()!;

        var visited = Json(await Run(worker, "private-fostering", "visit", "--borough", Westminster, "--arrangement", arrangement, "--date", Day(-15), "--seen", "--seen-alone"));
        Assert.Equal(Day(27), visited.GetProperty("arrangement").GetProperty("nextVisitDueDate").GetString());
        var list = await Run(worker, "private-fostering", "list", Westminster);
        Assert.Contains(list.Output.Split('\n'), l => l.Contains(arrangement, StringComparison.Ordinal) && l.Contains("school-admissions", StringComparison.Ordinal) && l.Contains(Day(27), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hammersmith_child_is_matched_with_approved_ealing_adopters_through_phub()
    {
        var ealing = Token(Ealing, "social-worker");
        var lbhf = Token(HammersmithAndFulham, "social-worker");
        var adopter = Json(await Run(ealing, "adoption", "register", "--borough", Ealing, "--reference", "EAL-CLI-1", "--enquiry", Day(-200),
            "--children", "2", "--min-age", "0", "--max-age", "4")).GetProperty("adopter").GetProperty("adopterId").GetString()!;
        Assert.Equal(0, (await Run(ealing, "adoption", "milestone", "--adopter", adopter, "--milestone", "approved", "--date", Day(-30))).ExitCode);
        var waiting = await Run(lbhf, "adoption", "waiting", Ealing, "--child-age", "3");
        Assert.Contains(adopter, waiting.Output, StringComparison.Ordinal);

        var childId = Json(await Run(lbhf, "children", "register", "--borough", HammersmithAndFulham, "--given-name", "Kit", "--family-name", "Matched",
            "--dob", DateTime.UtcNow.AddYears(-3).ToString("yyyy-MM-dd"))).GetProperty("child").GetProperty("childId").GetString()!;
        var matched = await Run(lbhf, "adoption", "match", "--adopter", adopter, "--child", childId, "--date", Day(0));
        Assert.True(matched.ExitCode == 0, matched.Error);
        Assert.Equal(childId, Json(matched).GetProperty("adopter").GetProperty("matches")[0].GetProperty("childId").GetString());
    }

    [Fact]
    public async Task Dataset_tables_and_their_csv_name_the_mode_and_the_board_table_is_refused_to_an_analyst_outside_the_partnership()
    {
        var folder = Directory.CreateTempSubdirectory("phub-csv-").FullName;
        var member = Token(Westminster, "partnership-analyst");
        var board = await Run(member, "datasets", "table", "care-by-borough", "--year", "2025", "--mode", "board", "--reference", "Board paper 7",
            "--csv", Path.Combine(folder, "board.csv"));
        var publication = await Run(Token("lscp", "partnership-analyst"), "datasets", "table", "care-by-borough", "--year", "2025", "--csv", Path.Combine(folder, "publication.csv"));
        var refused = await Run(Token("lscp", "partnership-analyst"), "datasets", "table", "care-by-borough", "--year", "2025", "--mode", "board", "--reference", "x");

        Assert.True(board.ExitCode == 0, board.Error);
        Assert.Contains("Disclosure: BOARD", board.Output, StringComparison.Ordinal);
        Assert.Contains("Disclosure: PUBLICATION", publication.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("PermissionDenied", refused.Error, StringComparison.Ordinal);

        var csv = await File.ReadAllLinesAsync(Path.Combine(folder, "board.csv"));
        Assert.StartsWith("# Disclosure: BOARD", csv[1], StringComparison.Ordinal);
        Assert.StartsWith("# Population estimates: ", csv[2], StringComparison.Ordinal);
        Assert.Equal("row,column,measure,period,borough,breakdown,count,numerator,denominator,percentage,rate_per_10000,suppressed", csv[3]);
        Assert.Equal(15, csv.Length - 4); // three boroughs of the tri-borough partnership, five years
        Assert.All(csv.Skip(4), line => Assert.Equal(12, line.Split(',').Length));
        Assert.Contains("# Disclosure: PUBLICATION", await File.ReadAllTextAsync(Path.Combine(folder, "publication.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_explained_expired_or_signed_with_another_hubs_key_and_says_to_run_phub_token()
    {
        using var hubKey = LocalSigningKey.Load(LocalSigningKey.PathIn(Hub.DataFolder));
        var expired = LocalTokenIssuer.Issue(hubKey, Westminster, "social-worker", "late", TimeSpan.FromHours(1), issuedAt: DateTime.UtcNow.AddHours(-3));
        using var otherKey = RSA.Create(2048);
        var foreign = LocalTokenIssuer.Issue(otherKey, Westminster, "social-worker", "elsewhere", TimeSpan.FromHours(1));

        var late = await Run(expired, "children", "list", Westminster);
        var signed = await Run(foreign, "children", "list", Westminster);

        Assert.Equal(1, late.ExitCode);
        Assert.StartsWith("The hub did not accept the token: it expired at ", late.Error, StringComparison.Ordinal);
        Assert.StartsWith("The hub did not accept the token: it was signed with another hub's key", signed.Error, StringComparison.Ordinal);
        Assert.Contains("run 'phub token", signed.Error, StringComparison.Ordinal);
    }

    private string Token(string organisation, string role) => LocalTokenIssuer.Issue(Hub.DataFolder, organisation, role, "phub-test", TimeSpan.FromHours(1));

    private Task<PhubRun> Run(string? token, params string[] words) =>
        Phub.Run(token, [.. words, "--hub", Hub.Address, "--data-folder", Hub.DataFolder]);

    private static JsonElement Json(PhubRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd");
}
