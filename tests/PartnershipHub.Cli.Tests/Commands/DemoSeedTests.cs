using System.Text.Json;
using PartnershipHub.Contracts.LocalTokens;
using PartnershipHub.Generator;
using PartnershipHub.Testing;

namespace PartnershipHub.Cli.Tests.Commands;

/// <summary>
/// <c>phub demo seed</c>, run as the built program: a fresh hub then holds the generated tri-borough history, whose
/// children and records a borough's social worker reads through phub as the generator made them; a hub elsewhere, a
/// folder with no key, another hub's key and impossible numbers are refused.
/// </summary>
[Collection(PhubHubCollection.Name)]
public sealed class DemoSeedTests(HubFixture fixture)
{
    private const string Westminster = "E09000033";
    private const int Children = 24;
    private const int Seed = 1116;

    [Fact]
    public async Task Seeding_a_fresh_hub_gives_each_tri_borough_its_generated_children_and_records_which_phub_then_reads()
    {
        await using var hub = new HubProcess(Path.Combine(fixture.DataRoot, "demo"));
        await hub.StartAsync();

        var seeded = await Phub.Run(null, "demo", "seed", "--children", $"{Children}", "--seed", $"{Seed}", "--batch-size", "40", "--hub", hub.Address, "--data-folder", hub.DataFolder);

        // The test makes the same population itself (the same seed, the same last day) and counts what should be sent.
        var population = new GeneratedPopulation(Seed, PopulationShape.History(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        population.Generate(Children);
        Assert.True(seeded.ExitCode == 0, seeded.Output + seeded.Error);
        foreach (var borough in PopulationShape.TriBorough)
        {
            Assert.Contains($"{borough}: {Children / 3} children, {population.PushStream(borough).Count()} records, 0 rejected, ", seeded.Output, StringComparison.Ordinal);
        }

        var records = PopulationShape.TriBorough.Sum(b => population.PushStream(b).Count());
        Assert.Contains($"Seeded {Children} children and {records} records (0 rejected).", seeded.Output, StringComparison.Ordinal);

        // Westminster's social worker lists the borough's children: each generated child once, by the case system's id
        // (GEN-{run}-{number}: the run differs between the two generations, the number does not), with the generated
        // date of birth and no names (the returns the history stands for carry none).
        var worker = LocalTokenIssuer.Issue(hub.DataFolder, Westminster, "social-worker", "demo-reader", TimeSpan.FromHours(1));
        var listed = Json(await Phub.Run(worker, "children", "list", Westminster, "--page-size", "100", "--json", "--hub", hub.Address)).GetProperty("children").EnumerateArray().ToList();
        var generated = population.Children.Where(c => c.Borough == Westminster).ToDictionary(c => Number(c.CaseId));
        Assert.Equal(generated.Keys.Order(), listed.Select(CaseId).Order());
        Assert.All(listed, child =>
        {
            Assert.True(child.GetProperty("namesNotRecorded").GetBoolean());
            Assert.Equal(generated[CaseId(child)].BirthDate.ToString("yyyy-MM-dd"), child.GetProperty("birthDate").GetProperty("date").GetString());
        });

        // And reads every record of two of them, as many as the generator made of each kind.
        foreach (var child in listed.Take(2))
        {
            var shown = Json(await Phub.Run(worker, "care", "show", child.GetProperty("childId").GetString()!, "--purpose", "case-management", "--json", "--hub", hub.Address));
            var kinds = shown.TryGetProperty("records", out var entries) ? entries.EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList() : [];
            Assert.Equal(
                generated[CaseId(child)].Records.GroupBy(r => r.Kind).Select(g => (g.Key.ToString(), g.Count())).Order(),
                kinds.GroupBy(k => k).Select(g => (Pascal(g.Key), g.Count())).Order());
        }
    }

    [Fact]
    public async Task A_hub_elsewhere_a_folder_without_the_hubs_key_another_hubs_key_and_impossible_numbers_are_refused()
    {
        var hub = fixture.Hub;
        var noChildren = await Phub.Run(null, "demo", "seed", "--children", "0", "--hub", hub.Address, "--data-folder", hub.DataFolder);
        var bigBatch = await Phub.Run(null, "demo", "seed", "--batch-size", "501", "--hub", hub.Address, "--data-folder", hub.DataFolder);
        var elsewhere = await Phub.Run(null, "demo", "seed", "--children", "3", "--hub", "http://192.0.2.10:5080", "--data-folder", hub.DataFolder);
        var empty = Directory.CreateDirectory(Path.Combine(fixture.DataRoot, $"no-key-{Guid.NewGuid():N}")).FullName;
        var noKey = await Phub.Run(null, "demo", "seed", "--children", "3", "--hub", hub.Address, "--data-folder", empty);
        var other = Path.Combine(fixture.DataRoot, $"other-hub-{Guid.NewGuid():N}");
        LocalSigningKey.LoadOrCreate(other).Dispose();
        var otherKey = await Phub.Run(null, "demo", "seed", "--children", "3", "--hub", hub.Address, "--data-folder", other);

        Assert.Equal((2, "--children must be 1 to 1000000."), (noChildren.ExitCode, noChildren.Error.Split('\n')[0]));
        Assert.Equal((2, "--batch-size must be 1 to 500."), (bigBatch.ExitCode, bigBatch.Error.Split('\n')[0]));
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.StartsWith("phub demo seed makes up children, so it fills only a hub on this machine", elsewhere.Error, StringComparison.Ordinal);
        Assert.Equal(2, noKey.ExitCode);
        Assert.StartsWith($"No hub signing key in {empty}/keys", noKey.Error, StringComparison.Ordinal);
        Assert.Equal(1, otherKey.ExitCode);
        Assert.StartsWith($"The hub at {new Uri(hub.Address)} did not accept a token signed with the key in {other}", otherKey.Error, StringComparison.Ordinal);
        Assert.Empty(otherKey.Output);
    }

    /// <summary>The child's number in its generation, from the Westminster case id the hub holds.</summary>
    private static string CaseId(JsonElement child) =>
        Number(child.GetProperty("identifiers").GetProperty("boroughCaseIds").EnumerateArray().Single(i => i.GetProperty("borough").GetString() == Westminster).GetProperty("caseId").GetString()!);

    private static string Number(string caseId) => caseId[(caseId.LastIndexOf('-') + 1)..];

    /// <summary>A proto enum's JSON name (<c>CARE_RECORD_KIND_CARE_EPISODE</c>) as its C# name (<c>CareEpisode</c>).</summary>
    private static string Pascal(string protoName) =>
        string.Concat(protoName["CARE_RECORD_KIND_".Length..].Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant()));

    private static JsonElement Json(PhubRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }
}
